// GET /orders/:orderId/calendar.ics: the "Add to calendar" link of the order page, for the buyer
// signed in or holding the order's link, and the hub's side; anyone else is told it does not exist.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { orderCalendar } from "#app/domain/pickup/calendar.server";
import { calendarResponse } from "#app/http/calendar.server";
import { orderRequester } from "#app/http/order-requester.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requester } = await orderRequester(request, params.orderId!);
  const calendar = await orderCalendar(requester, params.orderId!).catch((error) => {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  });
  return calendarResponse(calendar);
}
