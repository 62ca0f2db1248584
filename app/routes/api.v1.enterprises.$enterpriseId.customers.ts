// GET /api/v1/enterprises/:enterpriseId/customers?q=&externalId=&cursor=&limit=: the distributor's customer list, a page at a time.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { listCustomers } from "#app/domain/shop/customers.server";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor }) => {
    const query = new URL(request.url).searchParams;
    const search = (query.get("q") ?? "").slice(0, 100);
    const limit = query.get("limit");
    if (limit !== null && !/^\d{1,3}$/.test(limit)) throw new DomainError("validation_failed", { limit: { key: "notANumber" } });
    const page = await listCustomers(actor, params.enterpriseId!, {
      search,
      externalId: query.get("externalId"),
      cursor: query.get("cursor"),
      limit: limit === null ? undefined : Number(limit),
    });
    return jsonResponse({ items: page.items, nextCursor: page.nextCursor });
  });
}
