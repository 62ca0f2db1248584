// Loyalty credit on the pages (decision 0052): the checkout's "Use my credit" field (refused at the
// field, the rest of the input kept; accepted as a credit payment), the buyer's account page with
// balance and history, the customers page's credit and adjustment, and the settings' loyalty form.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { customerCredits, customers, loyaltySettings, payments, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { adjustCustomerCredit } from "#app/domain/loyalty/commands.server";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import * as accountRoute from "#app/routes/account";
import * as customersPage from "#app/routes/admin.enterprises.$enterpriseId.customers";
import * as settingsPage from "#app/routes/admin.enterprises.$enterpriseId._profile.settings";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { name: "Credit pages", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
}, 60_000);

async function buyerWithCart(creditCents: number, locale = "en"): Promise<{ buyer: TestUser; cookie: string }> {
  const buyer = await createUser({ locale });
  await getDb().insert(customers).values({ distributorId: w.distributor.id, email: buyer.email });
  if (creditCents) await adjustCustomerCredit(w.actors.distributor, w.distributor.id, buyer.email, { amountCents: creditCents, note: "Welcome gift" });
  await setCartLine(w.distributor.id, { userId: buyer.id }, { userId: buyer.id, email: buyer.email, shareKeys: [] } as never, {
    orderCycleId: cycleId,
    variantId: w.variants.a[0],
    quantity: 2,
  });
  return { buyer, cookie: await sessionCookie(buyer) };
}

const checkoutPath = () => `/shop/${w.distributor.id}/checkout`;

describe("checkout", () => {
  it("offers the credit field only to a buyer with credit here", async () => {
    const { cookie } = await buyerWithCart(0);
    expect((await json(await callRoute(checkoutRoute, { path: checkoutPath(), params: { distributorId: w.distributor.id }, cookie }))).creditCents).toBe(0);
    const rich = await buyerWithCart(250);
    expect(
      (await json(await callRoute(checkoutRoute, { path: checkoutPath(), params: { distributorId: w.distributor.id }, cookie: rich.cookie }))).creditCents,
    ).toBe(250);
  });

  it("refuses more than the balance at the field, in French, keeping what was typed; then pays part with credit", async () => {
    const { buyer, cookie } = await buyerWithCart(250, "fr");
    const form = {
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      name: "Lucie",
      phone: "0601020304",
      useCredit: "3,00",
    };
    const refused = await callRoute(checkoutRoute, {
      path: checkoutPath(),
      params: { distributorId: w.distributor.id },
      cookie,
      form,
      headers: { "Accept-Language": "fr" },
    });
    expect(refused.status).toBe(422);
    const body = await json(refused);
    expect(body.fieldErrors.useCreditCents).toContain("Votre avoir ici est de 2,50");
    expect(body.values).toMatchObject({ name: "Lucie", phone: "0601020304", useCredit: "3,00" });
    const notMoney = await json(
      await callRoute(checkoutRoute, { path: checkoutPath(), params: { distributorId: w.distributor.id }, cookie, form: { ...form, useCredit: "lots" } }),
    );
    expect(Object.keys(notMoney.fieldErrors)).toEqual(["useCreditCents"]);

    const placed = await callRoute(checkoutRoute, {
      path: checkoutPath(),
      params: { distributorId: w.distributor.id },
      cookie,
      form: { ...form, useCredit: "2,00" },
    });
    expect(placed.status).toBe(302);
    const orderId = placed.headers.get("Location")!.match(/^\/orders\/([^?]+)/)![1];
    expect(await getDb().select({ method: payments.method, amountCents: payments.amountCents }).from(payments).where(eq(payments.orderId, orderId))).toEqual([
      { method: "credit", amountCents: 200 },
    ]);
    const [row] = await getDb()
      .select()
      .from(customerCredits)
      .where(and(eq(customerCredits.distributorId, w.distributor.id), eq(customerCredits.emailKey, buyer.email)));
    expect(row.balanceCents).toBe(50);

    // The account page shows the balance and the history, newest first.
    const account = await json(await callRoute(accountRoute, { path: "/account", cookie }));
    expect(account.credit).toMatchObject([{ distributorId: w.distributor.id, name: "River Co-op", balanceCents: 50 }]);
    expect(account.credit[0].items.map((item: { kind: string; amountCents: number }) => `${item.kind} ${item.amountCents}`)).toEqual([
      "spent -200",
      "adjustment 250",
    ]);
  });
});

describe("the customers page", () => {
  it("lists each customer's credit and lets a manager take some back with a note, never below zero", async () => {
    const { buyer } = await buyerWithCart(400);
    const enterpriseId = w.distributor.id;
    const page = await json(
      await callRoute(customersPage, { path: `/admin/enterprises/${enterpriseId}/customers`, params: { enterpriseId }, cookie: w.sessions.distributor }),
    );
    expect(page.customers.find((customer: { email: string }) => customer.email === buyer.email).creditCents).toBe(400);
    const post = (form: Record<string, string>) =>
      callRoute(customersPage, { path: `/admin/enterprises/${enterpriseId}/customers`, params: { enterpriseId }, cookie: w.sessions.distributor, form });
    const tooMuch = await post({ intent: "credit", email: buyer.email, direction: "take", amount: "5", note: "Mistake" });
    expect(tooMuch.status).toBe(422);
    expect((await json(tooMuch)).fieldErrors.amountCents).toMatch(/4\.00/);
    const noNote = await post({ intent: "credit", email: buyer.email, direction: "give", amount: "1", note: "" });
    expect(Object.keys((await json(noNote)).fieldErrors)).toEqual(["note"]);
    const ok = await post({ intent: "credit", email: buyer.email, direction: "take", amount: "1,50", note: "Crate not returned" });
    expect(await json(ok)).toMatchObject({ ok: true, intent: "credit" });
    const [row] = await getDb()
      .select()
      .from(customerCredits)
      .where(and(eq(customerCredits.distributorId, enterpriseId), eq(customerCredits.emailKey, buyer.email)));
    expect(row.balanceCents).toBe(250);
  });

  it("another shop's manager cannot adjust this shop's credit", async () => {
    const { buyer } = await buyerWithCart(100);
    const enterpriseId = w.distributor.id;
    const response = await callRoute(customersPage, {
      path: `/admin/enterprises/${enterpriseId}/customers`,
      params: { enterpriseId },
      cookie: w.sessions.lake,
      form: { intent: "credit", email: buyer.email, direction: "give", amount: "100", note: "Gift" },
    });
    expect(response.status).toBe(404);
  });
});

describe("the settings page", () => {
  it("saves the loyalty rates and automatic tags, and refuses a broken line at its field", async () => {
    const enterpriseId = w.distributor.id;
    const post = (form: Record<string, string>) =>
      callRoute(settingsPage, { path: `/admin/enterprises/${enterpriseId}/settings`, params: { enterpriseId }, cookie: w.sessions.distributor, form });
    const bad = await post({ intent: "loyalty", loyaltyEnabled: "on", "loyalty.pointsPerEuro": "0", "loyalty.centsPerPoint": "5", autoTags: "vip ten" });
    expect(bad.status).toBe(422);
    expect(Object.keys((await json(bad)).fieldErrors)).toEqual(["autoTags"]);
    const zero = await post({ intent: "loyalty", loyaltyEnabled: "on", "loyalty.pointsPerEuro": "0", "loyalty.centsPerPoint": "5", autoTags: "" });
    expect(Object.keys((await json(zero)).fieldErrors)).toEqual(["loyalty.pointsPerEuro"]);
    const ok = await post({
      intent: "loyalty",
      loyaltyEnabled: "on",
      "loyalty.pointsPerEuro": "1",
      "loyalty.centsPerPoint": "5",
      autoTags: "VIP: 10\nregular: 3",
    });
    expect(await json(ok)).toMatchObject({ ok: true });
    const [row] = await getDb().select().from(loyaltySettings).where(eq(loyaltySettings.distributorId, enterpriseId));
    expect(row).toMatchObject({
      pointsPerEuro: 1,
      centsPerPoint: 5,
      autoTags: [
        { tag: "regular", afterCollectedOrders: 3 },
        { tag: "vip", afterCollectedOrders: 10 },
      ],
    });
    const page = await json(
      await callRoute(settingsPage, { path: `/admin/enterprises/${enterpriseId}/settings`, params: { enterpriseId }, cookie: w.sessions.distributor }),
    );
    expect(page.loyalty.loyalty).toEqual({ pointsPerEuro: 1, centsPerPoint: 5 });
  });
});
