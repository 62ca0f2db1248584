// The checkout form's promo code (issue 20, decision 0051): Apply shows the discount (nothing placed,
// nothing used); each refusal comes back at the code's field, in the buyer's language, with the rest
// of their input kept; placing with the applied code stores it and its adjustment, and the order
// page and the confirmation email show it.
import { eq, sql } from "drizzle-orm";
import { bodyOnSend } from "#app/domain/notifications/confirmation-body.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { createPromoCode } from "#app/domain/promotions/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { cartCookie } from "#app/http/cart-cookie.server";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import * as managerPage from "#app/routes/admin.enterprises.$enterpriseId.promo-codes";
import { getDb } from "#db/connection.server";
import { orders, outboxEmails, promoCodes } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { setStock } from "#tests/support/shop";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  for (const variantId of w.variants.a) await setStock(variantId, null);
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60 * 24) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await createPromoCode(w.actors.distributor, w.distributor.id, { code: "REDUC10", kind: "percent", percent: 10 });
  await createPromoCode(w.actors.distributor, w.distributor.id, { code: "BIGBASKET", kind: "amount", amountCents: 500, minSubtotalCents: 100_000 });
  await createPromoCode(w.actors.distributor, w.distributor.id, { code: "GONE", kind: "percent", percent: 5, endsAt: minuteFromNow(-1).toISOString() });
  await createPromoCode(w.actors.distributor, w.distributor.id, { code: "LASTONE", kind: "percent", percent: 5, maxUses: 1 });
}, 60_000);

async function guestCookie() {
  const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 4 });
  return (await cartCookie().serialize(guestToken)).split(";")[0];
}

const post = (cookie: string, form: Record<string, string>, language = "en") =>
  callRoute(checkoutRoute, {
    method: "POST",
    path: `/shop/${w.distributor.id}/checkout`,
    params: { distributorId: w.distributor.id },
    cookie,
    headers: { "Accept-Language": language },
    form: {
      name: "Camille",
      phone: "0601020304",
      email: "camille@example.org",
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      ...form,
    },
  });

const placedCount = async () =>
  (
    await getDb()
      .select({ count: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.state, "placed"))
  )[0].count;

describe("the checkout's promo code field", () => {
  test("Apply shows the discount off the products, places nothing and takes no use; placing with it stores it", async () => {
    const cookie = await guestCookie();
    const page = await json(
      await callRoute(checkoutRoute, { path: `/shop/${w.distributor.id}/checkout`, params: { distributorId: w.distributor.id }, cookie }),
    );
    const plain = page.totalsByShippingMethod[w.methods.distributor.shipping.id];
    const before = await placedCount();

    const applied = await post(cookie, { intent: "applyPromo", promoCode: "reduc10" });
    expect(applied.status).toBe(200);
    const body = await json(applied);
    const quote = body.promo.totalsByShippingMethod[w.methods.distributor.shipping.id];
    expect(body.promo.code).toBe("REDUC10");
    expect(quote.discountCents).toBe(Math.round(plain.itemsTotalCents / 10));
    expect(quote.totalCents).toBe(plain.totalCents - quote.discountCents);
    expect(quote.feesTotalCents).toBe(plain.feesTotalCents);
    expect(quote.adjustments.at(-1)).toMatchObject({ label: "REDUC10", place: "promo", amountCents: -quote.discountCents });
    expect(body.values).toMatchObject({ name: "Camille", phone: "0601020304", email: "camille@example.org" });
    expect(await placedCount()).toBe(before);
    const [code] = await getDb().select().from(promoCodes).where(eq(promoCodes.code, "REDUC10"));
    expect(code.uses).toBe(0);

    const placed = await post(cookie, { promoCode: "reduc10", appliedPromoCode: "REDUC10", expectedTotalCents: String(quote.totalCents) });
    expect(placed.status).toBe(302);
    const orderUrl = placed.headers.get("Location")!;
    const [order] = await getDb()
      .select()
      .from(orders)
      .where(eq(orders.id, orderUrl.split("/")[2].split("?")[0]));
    expect(order).toMatchObject({ promoCodeId: code.id, discountCents: quote.discountCents, totalCents: quote.totalCents });
    expect((await getDb().select().from(promoCodes).where(eq(promoCodes.id, code.id)))[0].uses).toBe(1);

    // The confirmation email says it, as a line of its own, as the worker renders it when sending (decision 0061).
    const [mail] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.toAddress, "camille@example.org"));
    expect(mail.renderOnSend).toBe(true);
    expect(JSON.stringify(await bodyOnSend(getDb(), mail))).toContain("REDUC10");
  });

  test("a code typed but not applied is applied first: nothing placed, the discounted total shown", async () => {
    const cookie = await guestCookie();
    const before = await placedCount();
    const answer = await post(cookie, { promoCode: "REDUC10", expectedTotalCents: "1" });
    expect(answer.status).toBe(200);
    expect((await json(answer)).promo.code).toBe("REDUC10");
    expect(await placedCount()).toBe(before);
  });

  test.each([
    ["unknown", "NOPE", 422, "This promo code does not exist here. Check how it is spelt.", "en"],
    ["expired", "GONE", 422, "Ce code promo a expiré.", "fr"],
    ["below its minimum", "BIGBASKET", 422, "Ce code promo demande au moins 1 000,00 € de produits dans la commande.", "fr"],
  ])("a code %s is refused at its field in the buyer's language, the rest of the input kept", async (_, promoCode, status, message, language) => {
    const cookie = await guestCookie();
    const answer = await post(cookie, { intent: "applyPromo", promoCode }, language);
    expect(answer.status).toBe(status);
    const body = await json(answer);
    expect(Object.keys(body.fieldErrors)).toEqual(["promoCode"]);
    expect(body.fieldErrors.promoCode.replace(/\u202f|\u00a0/g, " ")).toBe(message);
    expect(body.values).toMatchObject({ promoCode, name: "Camille", phone: "0601020304", email: "camille@example.org" });
  });

  test("an exhausted code is refused with 409 at its field when the order is placed", async () => {
    const first = await guestCookie();
    const quote = (await json(await post(first, { intent: "applyPromo", promoCode: "LASTONE" }))).promo.totalsByShippingMethod[
      w.methods.distributor.shipping.id
    ];
    expect(
      (await post(first, { promoCode: "LASTONE", appliedPromoCode: "LASTONE", expectedTotalCents: String(quote.totalCents), email: "first@example.org" }))
        .status,
    ).toBe(302);
    const second = await guestCookie();
    const answer = await post(second, { intent: "applyPromo", promoCode: "LASTONE", email: "second@example.org" });
    expect(answer.status).toBe(409);
    expect((await json(answer)).fieldErrors.promoCode).toBe("This promo code has been used as many times as it allows.");
  });
});

describe("the manager's Promo codes page", () => {
  const page = (cookie: string, form?: Record<string, string>) =>
    callRoute(managerPage, {
      method: form ? "POST" : "GET",
      path: `/admin/enterprises/${w.distributor.id}/promo-codes`,
      params: { enterpriseId: w.distributor.id },
      cookie,
      ...(form ? { form } : {}),
    });

  test("lists the codes with their uses for the shop's managers only", async () => {
    const listed = await json(await page(w.sessions.distributor));
    expect(listed.items.find((item: { code: string }) => item.code === "REDUC10").uses).toBeGreaterThan(0);
    expect((await page(w.sessions.supplierA)).status).toBe(404);
  });

  test("creates a code from the form; a percent above 100 or a duplicate is refused at its field, nothing created", async () => {
    const created = await page(w.sessions.distributor, { intent: "create", code: "FORM5", kind: "amount", amountCents: "5,00", maxUses: "10" });
    expect(created.status).toBe(200);
    const [row] = await getDb().select().from(promoCodes).where(eq(promoCodes.code, "FORM5"));
    expect(row).toMatchObject({ amountCents: 500, maxUses: 10 });
    const count = async () =>
      (
        await getDb()
          .select({ n: sql<number>`count(*)::int` })
          .from(promoCodes)
      )[0].n;
    const before = await count();
    const tooMuch = await json(await page(w.sessions.distributor, { intent: "create", code: "TOOMUCH", kind: "percent", percent: "120" }));
    expect(Object.keys(tooMuch.fieldErrors)).toEqual(["percent"]);
    const duplicate = await json(await page(w.sessions.distributor, { intent: "create", code: "form5", kind: "percent", percent: "5" }));
    expect(duplicate.fieldErrors).toEqual({ code: "You already have a promo code with this text (whatever its case)." });
    expect(await count()).toBe(before);
    // Switched off from its row.
    await page(w.sessions.distributor, { intent: "toggle", promoCodeId: row.id, active: "false" });
    expect((await getDb().select().from(promoCodes).where(eq(promoCodes.id, row.id)))[0].active).toBe(false);
  });
});
