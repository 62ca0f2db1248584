// The fees admin page: add (money typed as 0,50, percents as 12,5), edit and archive through its
// forms as a browser without JavaScript sends them; errors next to the field; managers only.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as feesPageRoute from "#app/routes/admin.enterprises.$enterpriseId.fees";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import { startSession } from "#app/auth/session.server";
import { getDb } from "#db/connection.server";
import { enterpriseFees } from "#db/schema";
import { insertEnterprise } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

/** Every parameter field of every calculator, empty: what the form sends without JavaScript. */
const emptyParams = {
  "flat_rate.amountCents": "",
  "per_item.amountCents": "",
  "percent.percent": "",
  "flexible.firstItemCents": "",
  "flexible.additionalItemCents": "",
  "flexible.maxItems": "",
  "price_sack.thresholdCents": "",
  "price_sack.normalCents": "",
  "price_sack.discountCents": "",
  "weight.centsPerKg": "",
};

async function world(options: { locale?: string } = {}) {
  const manager = await createUser({ locale: options.locale });
  const stranger = await createUser();
  const hub = await insertEnterprise(manager, { name: "Green Hub", kind: "hub" });
  await insertEnterprise(stranger, { name: "Far Hub", kind: "hub" });
  const cookie = (await startSession(manager.id)).split(";")[0];
  const strangerCookie = (await startSession(stranger.id)).split(";")[0];
  const path = `/admin/enterprises/${hub.id}/fees`;
  const load = (query = "", as = cookie) => callRoute(feesPageRoute, { cookie: as, params: { enterpriseId: hub.id }, path: path + query });
  const post = (form: Record<string, string>, as = cookie) => callRoute(feesPageRoute, { cookie: as, params: { enterpriseId: hub.id }, path, form });
  return { manager, hub, path, load, post, cookie, strangerCookie };
}

const feesOf = (enterpriseId: string) => getDb().select().from(enterpriseFees).where(eq(enterpriseFees.enterpriseId, enterpriseId));

describe("fees page", () => {
  it("adds a per-item fee typed as 0,50 and a 12,5 % fee following the product's tax, using only the chosen calculator's fields", async () => {
    const w = await world();
    const res = await w.post({
      intent: "create",
      name: "Packing",
      feeType: "packing",
      calculatorType: "per_item",
      ...emptyParams,
      "per_item.amountCents": "0,50",
      "flat_rate.amountCents": "junk",
      taxMode: "rate",
      taxRate: "5,5",
    });
    expect(res.status).toBe(302);
    const [packing] = await feesOf(w.hub.id);
    expect(res.headers.get("Location")).toBe(`${w.path}?created=${packing.id}`);
    expect(packing).toMatchObject({
      name: "Packing",
      feeType: "packing",
      calculatorType: "per_item",
      calculatorParams: { amountCents: 50 },
      taxRateBasisPoints: 550,
      taxFollowsProduct: false,
    });

    expect(
      (
        await w.post({
          intent: "create",
          name: "Hub admin",
          feeType: "admin",
          calculatorType: "percent",
          ...emptyParams,
          "percent.percent": "12,5",
          taxMode: "product",
          taxRate: "",
        })
      ).status,
    ).toBe(302);
    const page = await json(await w.load());
    expect(page.fees.map((fee: any) => [fee.name, fee.calculator, fee.taxFollowsProduct])).toEqual([
      ["Hub admin", { type: "percent", percent: 12.5 }, true],
      ["Packing", { type: "per_item", amountCents: 50 }, false],
    ]);
    expect(page.editing).toBeNull();
  });

  it("keeps the input and shows each error next to its field, writing nothing", async () => {
    const w = await world();
    const res = await w.post({
      intent: "create",
      name: "",
      feeType: "transport",
      calculatorType: "flexible",
      ...emptyParams,
      "flexible.firstItemCents": "2,00",
      "flexible.additionalItemCents": "lots",
      "flexible.maxItems": "0",
      taxMode: "rate",
      taxRate: "",
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.intent).toBe("create");
    expect(body.fieldErrors).toEqual({
      name: "This field is required.",
      "flexible.additionalItemCents": "Enter an amount such as 4.50.",
      "flexible.maxItems": "Must be at least 1.",
    });
    expect(body.values["flexible.firstItemCents"]).toBe("2,00");
    expect(await feesOf(w.hub.id)).toHaveLength(0);
  });

  it("refuses 'same as the product' for a per-order calculator, next to the tax choice", async () => {
    const w = await world();
    const res = await w.post({
      intent: "create",
      name: "Delivery",
      feeType: "transport",
      calculatorType: "flat_rate",
      ...emptyParams,
      "flat_rate.amountCents": "3",
      taxMode: "product",
      taxRate: "",
    });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors).toEqual({ taxMode: "Only fees charged per item can follow the product's tax rate." });
    expect(await feesOf(w.hub.id)).toHaveLength(0);
  });

  it("shows errors in the manager's language", async () => {
    const w = await world({ locale: "fr" });
    const res = await w.post({
      intent: "create",
      name: "Emballage",
      feeType: "packing",
      calculatorType: "percent",
      ...emptyParams,
      "percent.percent": "12,345",
      taxMode: "rate",
      taxRate: "",
    });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors).toEqual({ "percent.percent": "Utilisez au plus deux décimales, par exemple 12,5." });
  });

  it("edits a fee (?edit=<id>), then archives it: it leaves the list", async () => {
    const w = await world();
    await w.post({
      intent: "create",
      name: "Packing",
      feeType: "packing",
      calculatorType: "per_item",
      ...emptyParams,
      "per_item.amountCents": "0.50",
      taxMode: "rate",
      taxRate: "",
    });
    const [fee] = await feesOf(w.hub.id);
    const editing = (await json(await w.load(`?edit=${fee.id}`))).editing;
    expect(editing).toMatchObject({ fee: { id: fee.id, name: "Packing" }, inUse: false });

    const res = await w.post({
      intent: "update",
      feeId: fee.id,
      name: "Boxes",
      feeType: "packing",
      calculatorType: "weight",
      ...emptyParams,
      "weight.centsPerKg": "1,20",
      taxMode: "rate",
      taxRate: "20",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${w.path}?updated=${fee.id}`);
    const [updated] = await feesOf(w.hub.id);
    expect(updated).toMatchObject({ name: "Boxes", calculatorType: "weight", calculatorParams: { centsPerKg: 120 }, taxRateBasisPoints: 2000 });

    const archived = await w.post({ intent: "archive", feeId: fee.id });
    expect(archived.status).toBe(302);
    expect(archived.headers.get("Location")).toBe(`${w.path}?archived=1`);
    const page = await json(await w.load(`?edit=${fee.id}`));
    expect(page.fees).toEqual([]);
    expect(page.editing).toBeNull();
  });

  it("a fee an order cycle uses shows as in use; its edit form without calculator fields keeps the calculator", async () => {
    const w = await world();
    await w.post({
      intent: "create",
      name: "Packing",
      feeType: "packing",
      calculatorType: "per_item",
      ...emptyParams,
      "per_item.amountCents": "0.50",
      taxMode: "rate",
      taxRate: "",
    });
    const [fee] = await feesOf(w.hub.id);
    const cycle = await callRoute(cyclesRoute, { token: w.manager.token, body: { name: "Week 48", coordinatorId: w.hub.id, coordinatorFeeIds: [fee.id] } });
    expect(cycle.status).toBe(201);
    expect((await json(await w.load(`?edit=${fee.id}`))).editing.inUse).toBe(true);

    expect((await w.post({ intent: "update", feeId: fee.id, name: "Boxes", feeType: "packing", taxMode: "product" })).status).toBe(302);
    const [updated] = await feesOf(w.hub.id);
    expect(updated).toMatchObject({ name: "Boxes", calculatorType: "per_item", calculatorParams: { amountCents: 50 }, taxFollowsProduct: true });

    // A crafted form that still sends a new calculator is refused.
    const res = await w.post({
      intent: "update",
      feeId: fee.id,
      name: "Boxes",
      feeType: "packing",
      calculatorType: "per_item",
      ...emptyParams,
      "per_item.amountCents": "0,80",
      taxMode: "product",
    });
    expect(res.status).toBe(409);
    expect((await feesOf(w.hub.id))[0].calculatorParams).toEqual({ amountCents: 50 });
  });

  it("is for the enterprise's own managers: 403 for another enterprise's manager, 404 for an unknown enterprise", async () => {
    const w = await world();
    expect((await w.load("", w.strangerCookie)).status).toBe(403);
    const res = await w.post(
      {
        intent: "create",
        name: "Mine",
        feeType: "admin",
        calculatorType: "per_item",
        ...emptyParams,
        "per_item.amountCents": "1",
        taxMode: "rate",
        taxRate: "",
      },
      w.strangerCookie,
    );
    expect(res.status).toBe(403);
    expect(await feesOf(w.hub.id)).toHaveLength(0);
    const unknown = await callRoute(feesPageRoute, { cookie: w.cookie, params: { enterpriseId: "nope" }, path: "/admin/enterprises/nope/fees" });
    expect(unknown.status).toBe(404);
  });

  it("sends a visitor who is not logged in to the login page", async () => {
    const w = await world();
    const res = await callRoute(feesPageRoute, { params: { enterpriseId: w.hub.id }, path: w.path });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });
});
