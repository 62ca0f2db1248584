// The access table of the payment endpoints (docs/domain.md 3, "record payments, refunds, mark
// paid": all orders for the coordinator, its own shop's for a distributor, no for a supplier),
// every caller x every action, through the API. Allowed: 2xx and exactly the payment rows it
// should add. Refused: 403 when the caller may see the order or the shop, 404 otherwise, and the
// whole database unchanged. The orders page's "mark selected paid" (a form, with a session): done is
// a redirect back to the list; another shop's manager is told the order cannot be marked there (422).
// The hub's order page's forms (a payment, a refund) follow the same table; the page is the shop's
// and the coordinator's only, so its buyer is told 404 there.
import { beforeAll, describe, expect } from "vitest";
import * as paymentsRoute from "#app/routes/api.v1.orders.$orderId.payments";
import * as refundsRoute from "#app/routes/api.v1.orders.$orderId.refunds";
import * as markPaidRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.payments";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import { coopPlus, type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import { openRiverCycle, orderPermissionTable, orderRoleCredentials, placeRiverOrder, type OrderRole as Role } from "#tests/support/order-permission-table";

type Action = "list" | "recordPayment" | "refund" | "markPaid" | "markSelectedPaid" | "recordPaymentForm" | "refundForm";

const expected: Record<Role, Record<Action, number>> = {
  coordinator: { list: 200, recordPayment: 201, refund: 201, markPaid: 200, markSelectedPaid: 302, recordPaymentForm: 302, refundForm: 302 },
  "order's distributor": { list: 200, recordPayment: 201, refund: 201, markPaid: 200, markSelectedPaid: 302, recordPaymentForm: 302, refundForm: 302 },
  "other distributor": { list: 404, recordPayment: 404, refund: 404, markPaid: 404, markSelectedPaid: 422, recordPaymentForm: 404, refundForm: 404 },
  supplier: { list: 404, recordPayment: 404, refund: 404, markPaid: 403, markSelectedPaid: 403, recordPaymentForm: 404, refundForm: 404 },
  buyer: { list: 200, recordPayment: 403, refund: 403, markPaid: 404, markSelectedPaid: 404, recordPaymentForm: 404, refundForm: 404 },
  unrelated: { list: 404, recordPayment: 404, refund: 404, markPaid: 404, markSelectedPaid: 404, recordPaymentForm: 404, refundForm: 404 },
};
/** Payment rows each allowed write adds. */
const added: Record<Action, number> = { list: 0, recordPayment: 1, refund: 1, markPaid: 1, markSelectedPaid: 1, recordPaymentForm: 1, refundForm: 1 };

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await openRiverCycle(w);
});

async function paidOrder() {
  const id = await placeRiverOrder(w, cycleId);
  // 100 cents paid in cash, so a refund of 50 and a mark-paid for the rest are both possible.
  await callRoute(paymentsRoute, {
    method: "POST",
    path: "/x",
    params: { orderId: id },
    body: { amountCents: 100, method: "cash" },
    token: w.people.hub.token,
  });
  return id;
}

function call(action: Action, orderId: string, token: string, cookie: string) {
  const page = (form: Record<string, string>) =>
    callRoute(hubOrderPage, { path: `/admin/order-cycles/${cycleId}/orders/${orderId}`, params: { cycleId, orderId }, cookie, form });
  switch (action) {
    case "markSelectedPaid":
      return callRoute(ordersPage, {
        path: `/admin/order-cycles/${cycleId}/orders`,
        params: { cycleId },
        form: { intent: "markPaid", orderIds: [orderId], method: "cash", idempotencyKey: `table-${orderId}` },
        cookie,
      });
    case "recordPaymentForm":
      return page({ intent: "payment", idempotencyKey: crypto.randomUUID(), amount: "0.10", method: "cash" });
    case "refundForm":
      return page({ intent: "refund", idempotencyKey: crypto.randomUUID(), refundAmount: "0.50", refundMethod: "cash" });
    case "list":
      return callRoute(paymentsRoute, { path: "/x", params: { orderId }, token });
    case "recordPayment":
      return callRoute(paymentsRoute, { method: "POST", path: "/x", params: { orderId }, body: { amountCents: 10, method: "cash" }, token });
    case "refund":
      return callRoute(refundsRoute, { method: "POST", path: "/x", params: { orderId }, body: { amountCents: 50, method: "cash" }, token });
    case "markPaid":
      return callRoute(markPaidRoute, {
        method: "POST",
        path: "/x",
        params: { cycleId, distributorId: w.distributor.id },
        body: { orderIds: [orderId], method: "cash" },
        token,
      });
  }
}

describe("payments permission table", () => {
  orderPermissionTable(expected, {
    credentials: () => orderRoleCredentials(w),
    prepare: paidOrder,
    call: (action, orderId, who) => call(action, orderId, who.token, who.cookie),
    allowed: (action, changes) => {
      if (action === "list") expect(changes).toEqual({});
      else expect(changes.payments).toEqual({ added: added[action], removed: 0 });
    },
  });
});
