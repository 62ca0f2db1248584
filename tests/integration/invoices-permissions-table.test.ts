// The access table of the invoice endpoints (docs/domain.md 3, "invoices": all orders for the
// coordinator, its own shop's for a distributor, no for a supplier; the buyer reads their own),
// every caller x every action, through the API. Allowed: 2xx, and an issue adds exactly its
// invoice. Refused: 403 when the caller may see the order or the shop, 404 otherwise, and the whole
// database unchanged.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect } from "vitest";
import { getDb } from "#db/connection.server";
import { invoices } from "#db/schema";
import * as issueRoute from "#app/routes/api.v1.orders.$orderId.invoice";
import * as invoiceRoute from "#app/routes/api.v1.invoices.$invoiceId";
import * as shopInvoicesRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.invoices";
import * as shopPdfRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.invoices[.]pdf";
import { type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import { invoicingCoop, issueInvoiceApi, placeInvoicedShopOrder } from "#tests/support/invoices";
import { orderPermissionTable, orderRoleCredentials, type OrderRole as Role } from "#tests/support/order-permission-table";

type Action = "issue" | "read" | "readPdf" | "issueShop" | "shopPdf";

const expected: Record<Role, Record<Action, number>> = {
  coordinator: { issue: 201, read: 200, readPdf: 200, issueShop: 200, shopPdf: 200 },
  "order's distributor": { issue: 201, read: 200, readPdf: 200, issueShop: 200, shopPdf: 200 },
  "other distributor": { issue: 404, read: 404, readPdf: 404, issueShop: 404, shopPdf: 404 },
  supplier: { issue: 404, read: 404, readPdf: 404, issueShop: 403, shopPdf: 403 },
  buyer: { issue: 403, read: 200, readPdf: 200, issueShop: 404, shopPdf: 404 },
  unrelated: { issue: 404, read: 404, readPdf: 404, issueShop: 404, shopPdf: 404 },
};
/** Invoice rows each allowed action adds. */
const added: Record<Action, number> = { issue: 1, read: 0, readPdf: 0, issueShop: 1, shopPdf: 0 };

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
});

/** A River order of the plain buyer, and an invoice of another order to read. */
async function fixture() {
  const fresh = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
  const invoiced = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 2 }]);
  const invoice = await issueInvoiceApi(invoiced, w.people.hub.token);
  // A bulk issue takes every uninvoiced order of the shop (those earlier rows left): invoice them, then leave the fresh one bare.
  await callRoute(shopInvoicesRoute, { method: "POST", path: "/x", params: { cycleId, distributorId: w.distributor.id }, token: w.people.hub.token });
  await getDb().delete(invoices).where(eq(invoices.orderId, fresh));
  return { fresh, invoiceId: invoice.body.id as string };
}

function call(action: Action, ids: { fresh: string; invoiceId: string }, token: string) {
  const shop = { cycleId, distributorId: w.distributor.id };
  switch (action) {
    case "issue":
      return callRoute(issueRoute, { method: "POST", path: "/x", params: { orderId: ids.fresh }, token });
    case "read":
      return callRoute(invoiceRoute, { path: "/x", params: { invoiceId: ids.invoiceId }, token });
    case "readPdf":
      return callRoute(invoiceRoute, { path: "/x?format=pdf", params: { invoiceId: ids.invoiceId }, token });
    case "issueShop":
      return callRoute(shopInvoicesRoute, { method: "POST", path: "/x", params: shop, token });
    case "shopPdf":
      return callRoute(shopPdfRoute, { path: "/x", params: shop, token });
  }
}

describe("invoices permission table", () => {
  orderPermissionTable(expected, {
    credentials: () => orderRoleCredentials(w),
    prepare: fixture,
    call: (action, ids, who) => call(action, ids, who.token),
    allowed: (action, changes) => {
      if (added[action] === 0) {
        expect(changes).toEqual({});
      } else {
        expect(changes.invoices).toEqual({ added: added[action], removed: 0 });
        expect(changes.domain_events).toEqual({ added: added[action], removed: 0 });
      }
    },
  });
});
