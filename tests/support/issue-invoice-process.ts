// A process that issues one invoice and exits (run by tests that kill it mid-issue): the order and
// the actor come from the environment; the number issued is printed.
import { closeDb } from "#db/connection.server";
import { issueInvoice } from "#app/domain/invoices/issue.server";

const actor = { userId: process.env.ACTOR_USER_ID!, enterpriseIds: process.env.ACTOR_ENTERPRISE_IDS!.split(",") };
console.log("issuing");
const { invoice } = await issueInvoice(actor, process.env.ORDER_ID!);
console.log(`issued ${invoice.number}`);
await closeDb();
