// DELETE /api/v1/sessions/current: revoke the token (or end the browser session) used for this call.
import type { ActionFunctionArgs } from "@remix-run/node";
import { revokeApiToken } from "#app/auth/api-tokens.server";
import { endSession } from "#app/auth/session.server";
import { authedApi, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ request, caller }) => {
    if (caller.via === "token") {
      await revokeApiToken(
        request.headers
          .get("Authorization")!
          .replace(/^Bearer\s+/i, "")
          .trim(),
      );
      return new Response(null, { status: 204 });
    }
    return new Response(null, { status: 204, headers: { "Set-Cookie": await endSession(request) } });
  });
}
