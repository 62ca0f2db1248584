// GET, PATCH (name, description, taxRateBasisPoints) and DELETE (archive) /api/v1/products/:productId.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { archiveProduct, updateProduct } from "#app/domain/catalogue/commands.server";
import { productForActor } from "#app/domain/catalogue/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => {
    const { canManage: _canManage, ...product } = await productForActor(actor, params.productId!);
    return jsonResponse(product);
  });
}

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PATCH") {
    return authedApi(args, async ({ request, params, actor }) => jsonResponse(await updateProduct(actor, params.productId!, await readJson(request))));
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await archiveProduct(actor, params.productId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
