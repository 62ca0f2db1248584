// A shop's invoices of a cycle, as a page (docs/domain.md 10): every invoice and credit note in number
// order, a hundred at a time, with the count and what is invoiced; the same number of SQL queries for
// 3 invoices as for 150; that shop's managers and the coordinator's only.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as listPage from "#app/routes/admin.order-cycles.$cycleId.invoices.$distributorId";
import { queryCount } from "#db/connection.server";
import { getDb } from "#db/connection.server";
import { invoices } from "#db/schema";
import { invoicingCoop, issueShopInvoicesApi, placeInvoicedShopOrder } from "#tests/support/invoices";
import { callRoute, json } from "#tests/support/http";
import type { CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let cycleId: string;

const open = (cookie: string, distributorId: string, query = "") =>
  callRoute(listPage, { path: `/admin/order-cycles/${cycleId}/invoices/${distributorId}${query}`, params: { cycleId, distributorId }, cookie });

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
  for (let i = 0; i < 150; i++)
    await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 + (i % 3) }], { name: `Buyer ${String(i).padStart(3, "0")}` });
  for (let i = 0; i < 3; i++) await placeInvoicedShopOrder(w, cycleId, "lake", [{ variantId: w.variants.b[0], quantity: 1 }]);
  expect((await issueShopInvoicesApi(cycleId, w.distributor.id, w.people.distributor.token)).body.issued).toBe(150);
  expect((await issueShopInvoicesApi(cycleId, w.lake.id, w.people.lake.token)).body.issued).toBe(3);
});

describe("a shop's invoices page", () => {
  it("lists them in number order, 100 a page, the next page after the last, with the figures of them all", async () => {
    const first = await json(await open(w.sessions.distributor, w.distributor.id));
    expect(first.items).toHaveLength(100);
    expect(first.items[0]).toMatchObject({ number: `RIV-${new Date().getFullYear()}-000001`, kind: "invoice", buyerName: "Buyer 000" });
    const rows = await getDb().select({ totalCents: invoices.totalCents }).from(invoices).where(eq(invoices.distributorId, w.distributor.id));
    expect(first.figures).toEqual({ invoices: 150, creditNotes: 0, invoicedCents: rows.reduce((sum, row) => sum + row.totalCents, 0) });
    const second = await json(await open(w.sessions.distributor, w.distributor.id, `?after=${first.nextAfter}`));
    expect(second.items).toHaveLength(50);
    expect(second.nextAfter).toBeNull();
    const numbers = [...first.items, ...second.items].map((item: { number: string }) => item.number);
    expect(new Set(numbers).size).toBe(150);
    expect(numbers).toEqual([...numbers].sort());
  });

  it("costs the same number of queries for 3 invoices as for 150", async () => {
    const count = async (distributorId: string, cookie: string) => {
      const before = queryCount();
      expect((await open(cookie, distributorId)).status).toBe(200);
      return queryCount() - before;
    };
    expect(await count(w.distributor.id, w.sessions.hub)).toBe(await count(w.lake.id, w.sessions.hub));
  });

  it("is the shop's and the coordinator's: another shop is told it does not exist, a supplier that it may not", async () => {
    expect((await open(w.sessions.hub, w.distributor.id)).status).toBe(200);
    expect((await open(w.sessions.lake, w.distributor.id)).status).toBe(404);
    expect((await open(w.sessions.supplierA, w.distributor.id)).status).toBe(403);
    expect((await open(w.sessions.unrelated, w.distributor.id)).status).toBe(404);
  });
});
