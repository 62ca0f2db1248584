// GET /api/v1/order-cycles/:cycleId/overview: the coordinator's figures of the cycle, as its
// reports page shows them (orders, sales, unpaid, per day, producer, distributor and pickup point).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { cycleOverview, reportScope } from "#app/domain/reports/reports.server";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await cycleOverview(await reportScope(actor, params.cycleId!))));
}
