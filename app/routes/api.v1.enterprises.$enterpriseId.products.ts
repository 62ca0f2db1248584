// GET /api/v1/enterprises/:enterpriseId/products (a page of live products, `?search=&externalId=&cursor=&limit=`)
// and POST (create a product with its variants).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createProduct } from "#app/domain/catalogue/commands.server";
import { listProducts } from "#app/domain/catalogue/queries.server";
import { invalidField } from "#app/domain/errors";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor }) => {
    const query = new URL(request.url).searchParams;
    const limit = query.get("limit");
    if (limit !== null && !/^\d{1,3}$/.test(limit)) throw invalidField("limit", "notANumber");
    const page = await listProducts(actor, params.enterpriseId!, {
      search: query.get("search"),
      externalId: query.get("externalId"),
      cursor: query.get("cursor"),
      limit: limit === null ? undefined : Number(limit),
    });
    return jsonResponse(page);
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await createProduct(actor, params.enterpriseId!, await readJson(request)), 201));
}
