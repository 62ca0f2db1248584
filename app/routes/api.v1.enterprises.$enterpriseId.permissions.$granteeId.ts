// DELETE /api/v1/enterprises/:enterpriseId/permissions/:granteeId: revoke every permission the
// enterprise gave the grantee. Cycles that already include the enterprise keep it.
import type { ActionFunctionArgs } from "@remix-run/node";
import { revokePermissions } from "#app/domain/enterprises/permissions.server";
import { authedApi, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await revokePermissions(actor, params.enterpriseId!, params.granteeId!);
    return noContent();
  });
}
