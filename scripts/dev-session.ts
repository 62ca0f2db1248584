// Dev aid: prints a session cookie for a user email, for screenshots of signed-in pages.
// Usage: DATABASE_URL=... tsx scripts/dev-session.ts hub@demo.circuit.coop
import { findUserByEmail } from "../app/domain/accounts/accounts.server";
import { startSession } from "../app/auth/session.server";
import { closeDb } from "../db/connection.server";

const user = await findUserByEmail(process.argv[2] ?? "");
if (!user) {
  console.error("No such user");
  process.exit(1);
}
console.log((await startSession(user.id)).split(";")[0]);
await closeDb();
