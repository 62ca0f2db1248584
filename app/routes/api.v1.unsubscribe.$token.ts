// GET /api/v1/unsubscribe/:token says what the link of a marketing email names; POST withdraws that
// consent at once (idempotent). No login: the signed token is the credential; a forged one is 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { findUnsubscribeTarget, unsubscribeWithToken } from "#app/domain/marketing/consent.server";
import { DomainError } from "#app/domain/errors";
import { jsonResponse, methodNotAllowed, publicApi } from "#app/http/api.server";

function answer(target: Awaited<ReturnType<typeof findUnsubscribeTarget>>) {
  if (!target) throw new DomainError("not_found");
  return jsonResponse({ shop: target.shop, outcome: target.outcome, subscribed: target.outcome === "withdrawn" });
}

export async function loader(args: LoaderFunctionArgs) {
  return publicApi(args, async ({ params }) => {
    const target = await findUnsubscribeTarget(params.token ?? "");
    // Read only: "withdrawn" here means a POST would withdraw it.
    return target ? jsonResponse({ shop: target.shop, subscribed: target.outcome === "withdrawn", outcome: null }) : answer(undefined);
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ params }) => {
    const target = await unsubscribeWithToken(params.token ?? "");
    return target ? jsonResponse({ shop: target.shop, subscribed: false, outcome: target.outcome }) : answer(undefined);
  });
}
