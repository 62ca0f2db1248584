// PATCH /api/v1/variants/:variantId (`{priceCents?, stock?, name?, weightGrams?}`; stock null is
// unlimited) and DELETE (archive the variant).
import type { ActionFunctionArgs } from "@remix-run/node";
import { archiveVariant, updateVariant } from "#app/domain/catalogue/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PATCH") {
    return authedApi(args, async ({ request, params, actor }) => jsonResponse(await updateVariant(actor, params.variantId!, await readJson(request))));
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await archiveVariant(actor, params.variantId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
