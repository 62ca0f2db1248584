// PUT /api/v1/enterprises/:enterpriseId/customers/:email: a distributor tags a customer.
import type { ActionFunctionArgs } from "@remix-run/node";
import { putCustomer } from "#app/domain/shop/customers.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    const body = await readJson(request);
    return jsonResponse(await putCustomer(actor, params.enterpriseId!, { ...body, email: params.email }));
  });
}
