// GET /api/v1/enterprises/:enterpriseId/customers/:email: the customer with their credit, points and
// orders; PUT: a distributor tags a customer; DELETE removes them from its list (their orders stay).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { customerDetail } from "#app/domain/loyalty/commands.server";
import { putCustomer, removeCustomer } from "#app/domain/shop/customers.server";
import { DomainError } from "#app/domain/errors";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await customerDetail(actor, params.enterpriseId!, params.email!)));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      if (!(await removeCustomer(actor, params.enterpriseId!, { email: params.email! }))) throw new DomainError("not_found");
      return noContent();
    });
  }
  if (args.request.method !== "PUT") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    const body = await readJson(request);
    return jsonResponse(await putCustomer(actor, params.enterpriseId!, { ...body, email: params.email }));
  });
}
