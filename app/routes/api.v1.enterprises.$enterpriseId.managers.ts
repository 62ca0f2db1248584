// GET /api/v1/enterprises/:enterpriseId/managers (managers and pending invitations) and POST
// (add a manager by email: at once for an existing account, else an emailed invitation).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { addManager, listManagers } from "#app/domain/enterprises/managers.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => {
    const { managers, invitations } = await listManagers(actor, params.enterpriseId!);
    return jsonResponse({ items: managers, invitations, nextCursor: null });
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await addManager(actor, params.enterpriseId!, await readJson(request)), 201));
}
