// GET /api/v1/enterprises/:enterpriseId/fees (live fees) and POST (a new fee with its calculator).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withDescription } from "#app/domain/fees/descriptions.server";
import { createFee, listFees } from "#app/domain/fees/fees.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor, locale }) => {
    const fees = await listFees(actor, params.enterpriseId!);
    return jsonResponse({ items: fees.map((fee) => withDescription(fee, locale)), nextCursor: null });
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor, locale }) =>
    jsonResponse(withDescription(await createFee(actor, params.enterpriseId!, await readJson(request)), locale), 201),
  );
}
