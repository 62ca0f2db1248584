// GET /api/v1/orders/:orderId/calendar.ics: the order's pickup as an iCalendar file, for its buyer,
// its distributor's managers and the coordinator's (others 404, as for the order itself).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orderCalendar } from "#app/domain/pickup/calendar.server";
import { authedApi } from "#app/http/api.server";
import { calendarResponse } from "#app/http/calendar.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => calendarResponse(await orderCalendar({ actor }, params.orderId!)));
}
