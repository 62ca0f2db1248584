// GET /api/v1/enterprises/:enterpriseId/customers?q=: the distributor's customer list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listCustomers } from "#app/domain/shop/customers.server";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor }) => {
    const search = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
    return jsonResponse({ items: await listCustomers(actor, params.enterpriseId!, { search }), nextCursor: null });
  });
}
