// POST /api/v1/users: create an account.
import type { ActionFunctionArgs } from "@remix-run/node";
import { signUp } from "#app/domain/accounts/accounts.server";
import { clientAddress } from "#app/auth/rate-limit.server";
import { jsonResponse, methodNotAllowed, publicApi, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ request }) => {
    const user = await signUp(await readJson(request), clientAddress(request));
    return jsonResponse({ id: user.id, email: user.email, name: user.name, locale: user.locale }, 201);
  });
}
