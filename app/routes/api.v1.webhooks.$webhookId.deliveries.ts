// GET /api/v1/webhooks/:webhookId/deliveries?cursor=: the delivery log, newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { deliveriesOf } from "#app/domain/webhooks/endpoints.server";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor }) => {
    const { items, nextCursor } = await deliveriesOf(actor, params.webhookId!, new URL(request.url).searchParams.get("cursor"));
    return jsonResponse({ items, nextCursor });
  });
}
