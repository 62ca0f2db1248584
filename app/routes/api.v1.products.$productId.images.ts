// POST /api/v1/products/:productId/images (a raw JPEG, PNG or WebP body) sets the product's image; DELETE removes it.
import type { ActionFunctionArgs } from "@remix-run/node";
import { removeProductImage, setProductImage } from "#app/domain/catalogue/images.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";
import { readImageBody } from "#app/http/uploads.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "POST")
    return authedApi(args, async ({ request, params, actor }) =>
      jsonResponse(await setProductImage(actor, params.productId!, () => readImageBody(request)), 201),
    );
  if (method === "DELETE")
    return authedApi(args, async ({ params, actor }) => {
      await removeProductImage(actor, params.productId!);
      return noContent();
    });
  return methodNotAllowed();
}
