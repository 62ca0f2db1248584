// POST /api/v1/enterprises: create an enterprise (the caller becomes its owner and manager);
// GET: the enterprises the caller manages or works with.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createEnterprise } from "#app/domain/enterprises/commands.server";
import { kindLabel } from "#app/domain/enterprises/kinds";
import { enterprisesForAdmin } from "#app/domain/enterprises/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ actor }) => {
    const items = await enterprisesForAdmin(actor);
    return jsonResponse({ items: items.map((item) => ({ ...item, kindLabel: kindLabel(item) })), nextCursor: null });
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, actor }) => {
    const created = await createEnterprise(actor, await readJson(request));
    return jsonResponse({ ...created, kindLabel: kindLabel(created) }, 201);
  });
}
