// Invoices (docs/domain.md 10, docs/api.md): issuing by hand, the exact figures with two tax rates,
// idempotent issuing, refusals that issue nothing and consume no number, credit note and new
// invoice after an adjustment, bulk issue for a shop, issue at the close, the PDF's text, and who may read them.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { domainEvents, enterprises, invoiceCounters, invoices, orderCycles, orders } from "#db/schema";
import { cancelOrder } from "#app/domain/orders/changes.server";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import * as invoiceRoute from "#app/routes/api.v1.invoices.$invoiceId";
import { type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import {
  getInvoiceApi,
  invoicingCoop,
  issueInvoiceApi,
  issueShopInvoicesApi,
  pdfAttachments,
  pdfText,
  placeInvoicedShopOrder,
  setLegalIdentity,
  shopInvoicesPdfApi,
} from "#tests/support/invoices";
import { changeOrderApi, getOrderApi } from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
});

async function invoiceRows(orderId: string) {
  return getDb().select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(invoices.sequence);
}

async function counter(distributorId: string) {
  const [row] = await getDb()
    .select()
    .from(invoiceCounters)
    .where(and(eq(invoiceCounters.distributorId, distributorId), eq(invoiceCounters.year, year)));
  return row?.lastSequence ?? 0;
}

describe("issuing an invoice", () => {
  it("snapshots the order with two tax rates to the cent, and issuing again answers the same invoice", async () => {
    // Carrots 2.50 (5.5 %) + A packing 0.12 (20 %) + Lake fund 0.10 (0 %) = 2.72 × 3 = 8.16;
    // milk 1.80 (20 %) + B packing 0.10 (5.5 %) + Lake fund 0.10 = 2.00 × 2 = 4.00; hub fee 1.50 (20 %). Total 13.66.
    const orderId = await placeInvoicedShopOrder(w, cycleId, "lake", [
      { variantId: w.variants.a[0], quantity: 3 },
      { variantId: w.variants.b[0], quantity: 2 },
    ]);
    const first = await issueInvoiceApi(orderId, w.people.lake.token);
    expect(first.status).toBe(201);
    const invoice = first.body;
    expect(invoice).toMatchObject({ kind: "invoice", number: `LAKE-${year}-000001`, orderNumber: expect.any(String), cycleName: "Semaine 49", locale: "fr" });
    expect(invoice.seller).toMatchObject({
      legalName: "LAKE Coopérative SAS",
      vatNumber: "FR00LAKE",
      companyNumber: "912 345 678",
      address: "4 quai du Port, 69000 Lyon",
    });
    expect(invoice.buyer).toEqual({ name: "Ada Lovelace", email: "ada@example.org", address: "12 rue des Lilas" });
    expect(invoice.supplyDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(invoice.readyFor).toBe("Saturday lake");
    expect(
      invoice.lines.map((line: any) => [line.kind, line.label, line.quantity, line.unitPriceCents, line.rateBasisPoints, line.totalCents, line.taxCents]),
    ).toEqual([
      ["item", "Carrots", 3, 250, 550, 750, 39],
      ["item", "Milk", 2, 180, 2000, 360, 60],
      ["fee", "A packing", 3, 12, 2000, 36, 6],
      ["fee", "Lake fund", 5, 10, 0, 50, 0],
      ["fee", "B packing", 2, 10, 550, 20, 1],
      ["fee", "Hub admin", 1, 150, 2000, 150, 25],
    ]);
    // 5.5 %: 7.70 holds 0.4014 → 0.40; 20 %: 5.46 holds 0.91; 0 %: 0.50.
    expect(invoice.taxes).toEqual([
      { rateBasisPoints: 0, baseCents: 50, taxCents: 0 },
      { rateBasisPoints: 550, baseCents: 730, taxCents: 40 },
      { rateBasisPoints: 2000, baseCents: 455, taxCents: 91 },
    ]);
    expect(invoice.totalExcludingTaxCents).toBe(1235);
    expect(invoice.totalCents).toBe(1366);
    const [order] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, orderId));
    expect(order.totalCents).toBe(1366);

    const again = await issueInvoiceApi(orderId, w.people.hub.token);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(invoice.id);
    expect(await invoiceRows(orderId)).toHaveLength(1);
    expect((await getOrderApi(orderId, { token: w.people.nobody.token })).body.invoices).toEqual([{ id: invoice.id, number: invoice.number, kind: "invoice" }]);
    const events = await getDb().select().from(domainEvents).where(eq(domainEvents.subjectId, invoice.id));
    expect(events.map((event) => [event.type, event.enterpriseId])).toEqual([["invoice.issued", w.lake.id]]);
  });

  it("refuses a distributor without a legal name, naming the field, and issues nothing nor takes a number", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
    await getDb().update(enterprises).set({ legalName: "" }).where(eq(enterprises.id, w.distributor.id));
    const before = await counter(w.distributor.id);
    const refused = await issueInvoiceApi(orderId, w.people.distributor.token);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("invoicing_details_missing");
    expect(Object.keys(refused.body.error.fields)).toEqual(["legalName"]);
    expect(refused.body.error.message).toContain("River Co-op");
    expect(await invoiceRows(orderId)).toEqual([]);
    expect(await counter(w.distributor.id)).toBe(before);
    await setLegalIdentity(w.distributor.id, "RIV");
    const issued = await issueInvoiceApi(orderId, w.people.distributor.token);
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe(`RIV-${year}-${String(before + 1).padStart(6, "0")}`);
  });

  it("refuses a cancelled order never invoiced (409) and a cart (409 to its hub, 404 to others)", async () => {
    const cancelled = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
    await cancelOrder({ actor: w.actors.distributor }, cancelled);
    const before = await counter(w.distributor.id);
    const refused = await issueInvoiceApi(cancelled, w.people.distributor.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("order_not_placed");
    const [cart] = await getDb()
      .insert(orders)
      .values({ orderCycleId: cycleId, distributorId: w.distributor.id, email: "cart@example.org", state: "cart" })
      .returning({ id: orders.id });
    expect((await issueInvoiceApi(cart.id, w.people.distributor.token)).status).toBe(409);
    expect((await issueInvoiceApi(cart.id, w.people.unrelated.token)).status).toBe(404);
    expect(await counter(w.distributor.id)).toBe(before);
    expect(await invoiceRows(cancelled)).toEqual([]);
  });
});

describe("an invoiced order that changes", () => {
  it("gets a credit note for the old invoice and a new invoice, numbered in turn, in one go", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "lake", [
      { variantId: w.variants.a[0], quantity: 3 },
      { variantId: w.variants.b[0], quantity: 2 },
    ]);
    const first = (await issueInvoiceApi(orderId, w.people.lake.token)).body;
    const changed = await changeOrderApi(orderId, [{ variantId: w.variants.b[0], quantity: 1 }], { token: w.people.lake.token });
    expect(changed.status).toBe(200);
    const second = await issueInvoiceApi(orderId, w.people.lake.token);
    expect(second.status).toBe(201);
    const rows = await invoiceRows(orderId);
    expect(rows.map((row) => [row.kind, row.sequence - first.number.slice(-6) * 1, row.creditsInvoiceId, row.creditedAt !== null])).toEqual([
      ["invoice", 0, null, true],
      ["credit_note", 1, first.id, false],
      ["invoice", 2, null, false],
    ]);
    // Milk 2 → 1: 13.66 - 2.00 = 11.66.
    expect(second.body.totalCents).toBe(1166);
    expect(second.body.lines.find((line: any) => line.label === "Milk").quantity).toBe(1);
    const credit = await getInvoiceApi(rows[1].id, w.people.nobody.token);
    expect(credit.status).toBe(200);
    const creditBody = await credit.json();
    expect(creditBody).toMatchObject({
      kind: "credit_note",
      creditsInvoiceId: first.id,
      creditsInvoiceNumber: first.number,
      totalCents: -1366,
      totalExcludingTaxCents: -1235,
    });
    expect(creditBody.taxes).toEqual([
      { rateBasisPoints: 0, baseCents: -50, taxCents: 0 },
      { rateBasisPoints: 550, baseCents: -730, taxCents: -40 },
      { rateBasisPoints: 2000, baseCents: -455, taxCents: -91 },
    ]);
    expect((await getOrderApi(orderId, { token: w.people.lake.token })).body.invoices.map((item: any) => item.kind)).toEqual([
      "invoice",
      "credit_note",
      "invoice",
    ]);
    // Unchanged since: the same invoice again.
    expect((await issueInvoiceApi(orderId, w.people.lake.token)).status).toBe(200);
    // Cancelled: its invoice gets a credit note, and no new invoice.
    await cancelOrder({ actor: w.actors.lake }, orderId);
    const cancelledCredit = await issueInvoiceApi(orderId, w.people.lake.token);
    expect(cancelledCredit.status).toBe(201);
    expect(cancelledCredit.body).toMatchObject({ kind: "credit_note", creditsInvoiceId: second.body.id, totalCents: -1166 });
    expect((await issueInvoiceApi(orderId, w.people.lake.token)).status).toBe(409);
  });
});

describe("a shop's invoices of a cycle", () => {
  it("issues every placed order not yet invoiced, in order number order, then nothing more; one PDF holds them all", async () => {
    const { w: v, cycleId: cycle } = await invoicingCoop();
    const a = await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[0], quantity: 1 }]);
    const b = await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[1], quantity: 2 }], { locale: "en" });
    const c = await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[0], quantity: 4 }]);
    await placeInvoicedShopOrder(v, cycle, "lake", [{ variantId: v.variants.a[0], quantity: 1 }]);
    const first = (await issueInvoiceApi(b, v.people.distributor.token)).body;
    const bulk = await issueShopInvoicesApi(cycle, v.distributor.id, v.people.distributor.token);
    expect(bulk.status).toBe(200);
    expect(bulk.body.issued).toBe(2);
    expect(bulk.body.items.map((item: any) => [item.orderId, item.number])).toEqual([
      [a, `RIV-${year}-000002`],
      [c, `RIV-${year}-000003`],
    ]);
    expect((await issueShopInvoicesApi(cycle, v.distributor.id, v.people.hub.token)).body).toEqual({ issued: 0, items: [] });
    const pdf = await shopInvoicesPdfApi(cycle, v.distributor.id, v.people.distributor.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    const pages = await pdfText(await pdf.arrayBuffer());
    expect(pages).toHaveLength(3);
    // In number order; order b's buyer reads English.
    expect(pages[0]).toContain(`Invoice ${first.number}`);
    expect(first.number).toBe(`RIV-${year}-000001`);
    expect(pages[1]).toContain(`Facture RIV-${year}-000002`);
    expect(pages[2]).toContain(`Facture RIV-${year}-000003`);
    expect(pages.join(" ")).not.toContain("LAKE");
  });

  it("issues more orders than one batch holds with consecutive numbers, each order once", async () => {
    const { w: v, cycleId: cycle } = await invoicingCoop();
    const source = await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[0], quantity: 1 }]);
    // 600 copies of the order, its lines and its fees, made in SQL: more than two batches of the bulk issue.
    await getDb().execute(sql`
      with copies as (
        select o.id as source_id, gen_random_uuid()::text as id, nextval(pg_get_serial_sequence('orders', 'number')) as number
        from orders o, generate_series(1, 600) where o.id = ${source}
      ), made as (
        insert into orders select (jsonb_populate_record(null::orders, to_jsonb(o) || jsonb_build_object('id', c.id, 'number', c.number, 'external_id', null))).*
        from orders o join copies c on c.source_id = o.id returning id
      ), lines as (
        insert into order_lines select (jsonb_populate_record(null::order_lines, to_jsonb(l) || jsonb_build_object('id', gen_random_uuid()::text, 'order_id', c.id))).*
        from order_lines l join copies c on c.source_id = l.order_id returning id
      )
      insert into order_adjustments select (jsonb_populate_record(null::order_adjustments, to_jsonb(a) || jsonb_build_object('id', gen_random_uuid()::text, 'order_id', c.id))).*
      from order_adjustments a join copies c on c.source_id = a.order_id`);
    const bulk = await issueShopInvoicesApi(cycle, v.distributor.id, v.people.distributor.token);
    expect(bulk.status).toBe(200);
    expect(bulk.body.issued).toBe(601);
    expect(new Set(bulk.body.items.map((item: any) => item.orderId)).size).toBe(601);
    expect(bulk.body.items.map((item: any) => item.number)).toEqual(Array.from({ length: 601 }, (_, i) => `RIV-${year}-${String(i + 1).padStart(6, "0")}`));
    expect(bulk.body.items[0].orderId).toBe(source);
  });

  it("are issued at the close for a distributor that chose so, in the close's transaction", async () => {
    const { w: v, cycleId: cycle } = await invoicingCoop();
    await setLegalIdentity(v.lake.id, "LAKE", { invoiceAtClose: true });
    const river = await placeInvoicedShopOrder(v, cycle, "river", [{ variantId: v.variants.a[0], quantity: 1 }]);
    const lakeOrders = [
      await placeInvoicedShopOrder(v, cycle, "lake", [{ variantId: v.variants.a[0], quantity: 1 }]),
      await placeInvoicedShopOrder(v, cycle, "lake", [{ variantId: v.variants.b[0], quantity: 1 }]),
    ];
    await getDb()
      .update(orderCycles)
      .set({ closesAt: sql`now() - interval '1 minute'` })
      .where(eq(orderCycles.id, cycle));
    expect(await processDueCycles()).toContain(cycle);
    for (const id of lakeOrders) expect((await invoiceRows(id)).map((row) => row.kind)).toEqual(["invoice"]);
    expect(await invoiceRows(river)).toEqual([]);
    const numbers = (await getDb().select({ number: invoices.number }).from(invoices).where(eq(invoices.distributorId, v.lake.id)))
      .map((row) => row.number)
      .sort();
    expect(numbers).toEqual([`LAKE-${year}-000001`, `LAKE-${year}-000002`]);
  });
});

describe("the invoice PDF", () => {
  it("carries the number, the seller's identity and the totals, in the buyer's language", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "lake", [
      { variantId: w.variants.a[0], quantity: 3 },
      { variantId: w.variants.b[0], quantity: 2 },
    ]);
    const invoice = (await issueInvoiceApi(orderId, w.people.lake.token)).body;
    const byAccept = callRoute(invoiceRoute, {
      path: `/api/v1/invoices/${invoice.id}`,
      params: { invoiceId: invoice.id },
      token: w.people.nobody.token,
      headers: { Accept: "application/pdf" },
    });
    for (const response of [await getInvoiceApi(invoice.id, w.people.nobody.token, "?format=pdf"), await byAccept]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/pdf");
      const [text] = await pdfText(await response.arrayBuffer());
      expect(text).toContain(`Facture ${invoice.number}`);
      expect(text).toContain("LAKE Coopérative SAS");
      expect(text).toContain("N° TVA FR00LAKE");
      expect(text).toContain("SIREN/SIRET 912 345 678");
      expect(text).toContain("Total TTC");
      expect(text).toContain("13,66 €");
      expect(text).toContain("12,35 €"); // total excluding tax
      expect(text).toContain("5,5 %");
      expect(text).toContain("Ada Lovelace");
    }
    // A Factur-X e-invoice: the CII XML attached, its totals the invoice's exactly.
    const xml = (await pdfAttachments(await (await getInvoiceApi(invoice.id, w.people.nobody.token, "?format=pdf")).arrayBuffer()))["factur-x.xml"];
    expect(xml).toContain(`<ram:ID>${invoice.number}</ram:ID>`);
    expect(xml).toMatch(/<ram:TaxBasisTotalAmount>12\.35<\/ram:TaxBasisTotalAmount>/);
    expect(xml).toMatch(/<ram:GrandTotalAmount>13\.66<\/ram:GrandTotalAmount>/);
    expect(xml).toMatch(/<ram:TaxTotalAmount currencyID="EUR">1\.31<\/ram:TaxTotalAmount>/);
  });
});

describe("who may read an invoice", () => {
  it("is its buyer and the hub's side: another buyer, a supplier and strangers are told it does not exist", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
    const invoice = (await issueInvoiceApi(orderId, w.people.hub.token)).body;
    const otherBuyer = await createUser();
    await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }], { buyerId: otherBuyer.id });
    for (const token of [w.people.nobody.token, w.people.distributor.token, w.people.hub.token])
      expect((await getInvoiceApi(invoice.id, token)).status).toBe(200);
    for (const token of [otherBuyer.token, w.people.supplierA.token, w.people.lake.token, w.people.unrelated.token]) {
      expect((await getInvoiceApi(invoice.id, token)).status).toBe(404);
      expect((await getInvoiceApi(invoice.id, token, "?format=pdf")).status).toBe(404);
    }
    expect((await issueInvoiceApi(orderId, w.people.nobody.token)).status).toBe(403);
    expect((await issueInvoiceApi(orderId, w.people.supplierA.token)).status).toBe(404);
    expect((await getInvoiceApi("no-such-invoice", w.people.hub.token)).status).toBe(404);
  });
});
