// DELETE /api/v1/enterprises/:enterpriseId/invitations/:invitationId: withdraw an invitation to
// manage the enterprise that was not yet accepted.
import type { ActionFunctionArgs } from "@remix-run/node";
import { cancelInvitation } from "#app/domain/enterprises/managers.server";
import { authedApi, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await cancelInvitation(actor, params.enterpriseId!, params.invitationId!);
    return noContent();
  });
}
