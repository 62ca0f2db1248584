// GET /api/v1/enterprises/:enterpriseId (public fields to anyone signed in; settings, managers and
// permissions to its managers) and PATCH (profile: its managers and holders of edit_profile).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { updateEnterprise } from "#app/domain/enterprises/commands.server";
import { getEnterprise } from "#app/domain/enterprises/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await getEnterprise(actor, params.enterpriseId!)));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    await updateEnterprise(actor, params.enterpriseId!, await readJson(request));
    return jsonResponse(await getEnterprise(actor, params.enterpriseId!));
  });
}
