// GET and POST /api/v1/enterprises/:enterpriseId/customers/:email/credit: a customer's credit and
// its ledger; a manual adjustment with a note (never below zero). The distributor's own managers only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { adjustCustomerCredit, customerCredit } from "#app/domain/loyalty/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await customerCredit(actor, params.enterpriseId!, params.email!)));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(await adjustCustomerCredit(actor, params.enterpriseId!, params.email!, await readJson(request)), 201),
  );
}
