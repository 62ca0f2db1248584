// POST /api/v1/sessions: exchange credentials for an API token (shown once).
import type { ActionFunctionArgs } from "@remix-run/node";
import { createApiToken } from "#app/auth/api-tokens.server";
import { clientAddress } from "#app/auth/rate-limit.server";
import { checkCredentials } from "#app/domain/accounts/accounts.server";
import { jsonResponse, methodNotAllowed, publicApi, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ request }) => {
    const user = await checkCredentials(await readJson(request), clientAddress(request));
    return jsonResponse({ token: await createApiToken(user.id), userId: user.id }, 201);
  });
}
