// The invoice pages: the printable invoice in its buyer's language for the buyer (signed in or
// with the order's emailed link) and the hub's side, its PDF from the browser, the lists on both
// order pages, and issuing from the hub's order page.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { enterprises } from "#db/schema";
import { orderAccessKey } from "#app/domain/orders/links.server";
import * as invoicePage from "#app/routes/orders.$orderId_.invoices.$invoiceId";
import * as invoicePdf from "#app/routes/orders.$orderId_.invoices.$invoiceId[.]pdf";
import * as buyerOrderPage from "#app/routes/orders.$orderId";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import * as shopInvoicesForm from "#app/routes/admin.order-cycles.$cycleId_.shop-invoices.$distributorId";
import { sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { invoicingCoop, issueInvoiceApi, pdfText, placeInvoicedShopOrder } from "#tests/support/invoices";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
});

const page = (orderId: string, invoiceId: string, who: { cookie?: string; query?: string }) =>
  callRoute(invoicePage, { path: `/orders/${orderId}/invoices/${invoiceId}${who.query ?? ""}`, params: { orderId, invoiceId }, cookie: who.cookie });

describe("the invoice page", () => {
  it("shows the document in the buyer's language to the buyer, a guest with the link and the hub; 404 to others", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 2 }], { locale: "fr" });
    const other = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
    const invoice = (await issueInvoiceApi(orderId, w.people.distributor.token)).body;
    const buyer = await page(orderId, invoice.id, { cookie: await sessionCookie(w.people.nobody) });
    expect(buyer.status).toBe(200);
    const body = await json(buyer);
    expect(body.document).toMatchObject({ lang: "fr", title: `Facture ${invoice.number}`, number: invoice.number });
    expect(body.document.parties[0].lines).toContain("RIV Coopérative SAS");
    expect(body.document.totals.at(-1)).toEqual({ label: "Total TTC", amount: expect.stringMatching(/€$/), grand: true });
    expect(body.pdfUrl).toBe(`/orders/${orderId}/invoices/${invoice.id}.pdf`);
    // The hub manager reads the same French document, and goes back to the desk.
    const hub = await json(await page(orderId, invoice.id, { cookie: await sessionCookie(w.people.distributor) }));
    expect(hub.document.title).toBe(`Facture ${invoice.number}`);
    expect(hub.orderUrl).toBe(`/admin/order-cycles/${cycleId}/orders/${orderId}`);
    const key = orderAccessKey(orderId);
    const guest = await page(orderId, invoice.id, { query: `?key=${key}` });
    expect(guest.status).toBe(200);
    expect((await json(guest)).pdfUrl).toBe(`/orders/${orderId}/invoices/${invoice.id}.pdf?key=${encodeURIComponent(key)}`);
    // Another order's link key, another buyer's session, a supplier: not found.
    expect((await page(orderId, invoice.id, { query: `?key=${orderAccessKey(other)}` })).status).toBe(404);
    expect((await page(other, invoice.id, { query: `?key=${orderAccessKey(other)}` })).status).toBe(404);
    expect((await page(orderId, invoice.id, { cookie: await sessionCookie(w.people.supplierA) })).status).toBe(404);
    expect((await page(orderId, invoice.id, {})).status).toBe(404);
    const pdf = await callRoute(invoicePdf, { path: `/orders/${orderId}/invoices/${invoice.id}.pdf?key=${key}`, params: { orderId, invoiceId: invoice.id } });
    expect(pdf.status).toBe(200);
    expect((await pdfText(await pdf.arrayBuffer()))[0]).toContain(`Facture ${invoice.number}`);
  });
});

describe("the order pages", () => {
  it("list the order's invoices for its buyer, and the hub issues one from its order page", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "lake", [{ variantId: w.variants.b[0], quantity: 1 }], { locale: "en" });
    const hubCookie = await sessionCookie(w.people.lake);
    const hubPath = `/admin/order-cycles/${cycleId}/orders/${orderId}`;
    const hubView = async () => json(await callRoute(hubOrderPage, { path: hubPath, params: { cycleId, orderId }, cookie: hubCookie }));
    expect((await hubView()).invoices).toEqual([]);
    const issued = await callRoute(hubOrderPage, { path: hubPath, params: { cycleId, orderId }, cookie: hubCookie, form: { intent: "issueInvoice" } });
    expect(issued.status).toBe(302);
    const location = issued.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`\\?invoiced=LAKE-\\d{4}-\\d{6}$`));
    const again = await callRoute(hubOrderPage, { path: hubPath, params: { cycleId, orderId }, cookie: hubCookie, form: { intent: "issueInvoice" } });
    expect(again.headers.get("Location")).toContain("invoiceUpToDate=");
    const [invoice] = (await hubView()).invoices;
    expect(invoice).toMatchObject({ kind: "invoice", credited: false, totalCents: expect.any(Number) });
    const buyer = await json(
      await callRoute(buyerOrderPage, { path: `/orders/${orderId}`, params: { orderId }, cookie: await sessionCookie(w.people.nobody) }),
    );
    expect(buyer.invoices.map((item: { id: string }) => item.id)).toEqual([invoice.id]);
  });

  it("tells the hub, next to nothing changed, that its invoicing details are missing", async () => {
    const { w: v, cycleId: cycle } = await invoicingCoop();
    await getDb().update(enterprises).set({ legalName: "", invoicePrefix: "" }).where(eq(enterprises.id, v.lake.id));
    const orderId = await placeInvoicedShopOrder(v, cycle, "lake", [{ variantId: v.variants.b[0], quantity: 1 }]);
    const cookie = await sessionCookie(v.people.lake);
    const refused = await callRoute(hubOrderPage, {
      path: `/admin/order-cycles/${cycle}/orders/${orderId}`,
      params: { cycleId: cycle, orderId },
      cookie,
      form: { intent: "issueInvoice" },
    });
    expect(refused.status).toBe(422);
    const body = await json(refused);
    expect(body.formError).toBe("Lake Co-op cannot issue invoices yet: fill in its invoicing details (legal name and invoice number prefix) in its settings.");
    expect(
      (await json(await callRoute(hubOrderPage, { path: `/admin/order-cycles/${cycle}/orders/${orderId}`, params: { cycleId: cycle, orderId }, cookie })))
        .invoices,
    ).toEqual([]);
  });

  it("issue a shop's missing invoices from the cycle's orders page, and refuse a supplier", async () => {
    const { w: v, cycleId: cycle } = await invoicingCoop();
    await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[0], quantity: 1 }]);
    await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[1], quantity: 1 }]);
    const post = async (user: CoopPlus["people"][keyof CoopPlus["people"]]) =>
      callRoute(shopInvoicesForm, {
        path: `/admin/order-cycles/${cycle}/shop-invoices/${v.distributor.id}`,
        params: { cycleId: cycle, distributorId: v.distributor.id },
        cookie: await sessionCookie(user),
        form: {},
      });
    expect((await post(v.people.supplierA)).status).toBe(403);
    const issued = await post(v.people.distributor);
    expect(issued.status).toBe(302);
    expect(issued.headers.get("Location")).toBe(`/admin/order-cycles/${cycle}/orders?invoicesIssued=2&shop=${v.distributor.id}#shop-invoices-heading`);
    expect((await post(v.people.hub)).headers.get("Location")).toContain("invoicesIssued=0");
  });
});
