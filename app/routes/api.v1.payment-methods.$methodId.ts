// PATCH and DELETE (archive) /api/v1/payment-methods/:methodId.
import type { ActionFunctionArgs } from "@remix-run/node";
import { archivePaymentMethod, updatePaymentMethod } from "#app/domain/methods/methods.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PATCH") {
    return authedApi(args, async ({ request, params, actor }) => jsonResponse(await updatePaymentMethod(actor, params.methodId!, await readJson(request))));
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await archivePaymentMethod(actor, params.methodId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
