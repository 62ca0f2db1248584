// DELETE /api/v1/webhooks/:webhookId: nothing more is sent to it. Its enterprise's managers.
import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteEndpoint } from "#app/domain/webhooks/endpoints.server";
import { authedApi, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await deleteEndpoint(actor, params.webhookId!);
    return noContent();
  });
}
