// GET and POST /api/v1/order-cycles/:cycleId/thresholds: a cycle's minimums with their progress; the coordinator adds one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createThreshold, listThresholds } from "#app/domain/thresholds/commands.server";
import { thresholdJson } from "#app/domain/thresholds/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse({ items: (await listThresholds(actor, params.cycleId!)).map(thresholdJson) }));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(thresholdJson(await createThreshold(actor, params.cycleId!, await readJson(request))), 201),
  );
}
