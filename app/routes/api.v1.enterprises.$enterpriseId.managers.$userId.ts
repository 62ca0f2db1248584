// DELETE /api/v1/enterprises/:enterpriseId/managers/:userId: a manager stops managing the
// enterprise (never its owner, never the last one).
import type { ActionFunctionArgs } from "@remix-run/node";
import { removeManager } from "#app/domain/enterprises/managers.server";
import { authedApi, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await removeManager(actor, params.enterpriseId!, params.userId!);
    return noContent();
  });
}
