// Refusals in the cycle editor name the field that caused them and why (issue 13): a date moved on a
// cycle with orders is asked about at that date, and up front in the list; a tag too long is named
// at "Customer tags"; a producer notified by hand while the cycle is open is not told it closed.
import { and, eq, inArray, like } from "drizzle-orm";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import * as listPage from "#app/routes/admin.order-cycles._index";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import { notifyProducersNow } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { toLocalInput } from "#app/domain/time";
import { getDb } from "#db/connection.server";
import { outboxEmails, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;
let cycleId: string;
const opensAt = minuteFromNow(-60);
const closesAt = minuteFromNow(24 * 60);

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(inArray(variants.id, w.variants.a));
  cycleId = await seedCycle(w, { name: "Week with orders", opensAt, closesAt });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "xavier@example.org",
      name: "Xavier",
      lines: [{ variantId: w.variants.a[0], quantity: 2 }],
    },
    undefined,
  );
});

const local = (date: Date) => toLocalInput(date, "Europe/Paris");

describe("moving the dates of a cycle with orders", () => {
  it("asks at “Closes at” when only the close moved, with a message that says why, not “reload”", async () => {
    const response = await callRoute(generalPage, {
      cookie: w.sessions.hub,
      params: { cycleId },
      form: {
        intent: "settings",
        name: "Week with orders",
        opensAt: local(opensAt),
        closesAt: local(minuteFromNow(48 * 60)),
        coordinatorFeeIds: [w.fees.hub.id],
      },
    });
    expect(response.status).toBe(409);
    const body = await json(response);
    expect(body.fieldErrorKeys).toEqual({ closesAt: "confirmDateChange" });
    expect(body.fieldErrors.closesAt).toContain("has orders");
    expect(body.formError).not.toContain("Reload");
  });

  it("asks at “Opens at” when the opening moved", async () => {
    const response = await callRoute(generalPage, {
      cookie: w.sessions.hub,
      params: { cycleId },
      form: {
        intent: "settings",
        name: "Week with orders",
        opensAt: local(minuteFromNow(-120)),
        closesAt: local(closesAt),
        coordinatorFeeIds: [w.fees.hub.id],
      },
    });
    expect((await json(response)).fieldErrorKeys).toEqual({ opensAt: "confirmDateChange" });
  });

  it("the list says which cycles have orders, so its quick edit asks up front", async () => {
    const response = await callRoute(listPage, { cookie: w.sessions.hub, path: "/admin/order-cycles" });
    const { cycles } = (await json(response)) as { cycles: { id: string; hasOrders: boolean }[] };
    expect(cycles.find((cycle) => cycle.id === cycleId)?.hasOrders).toBe(true);
    const empty = await seedCycle(w, { name: "Week without orders" });
    const again = (await json(await callRoute(listPage, { cookie: w.sessions.hub, path: "/admin/order-cycles" }))) as {
      cycles: { id: string; hasOrders: boolean }[];
    };
    expect(again.cycles.find((cycle) => cycle.id === empty)?.hasOrders).toBe(false);
  });
});

describe("a customer tag of 200 characters", () => {
  it("is refused at “Customer tags”, naming the tag and the limit", async () => {
    const response = await callRoute(outgoingPage, {
      cookie: w.sessions.distributor,
      params: { cycleId },
      form: { intent: "save", distributorId: w.distributor.id, readyFor: "", readyOn: "", pickupInstructions: "", tags: `vip, ${"x".repeat(200)}` },
    });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(Object.keys(body.fieldErrors)).toEqual(["tags"]);
    expect(body.fieldErrors.tags).toContain("200 characters");
    expect(body.fieldErrors.tags).toContain("at most 40");
  });
});

describe("notifying producers by hand", () => {
  it("while the cycle is open, the email says orders are still open, not closed", async () => {
    await notifyProducersNow(w.actors.hub, cycleId);
    const [email] = await getDb()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.toAddress, w.supplierA.email), like(outboxEmails.subject, "Week with orders%")));
    expect(email.text).toContain("still open");
    expect(email.text).toContain("so far");
    expect(email.text).not.toContain("are closed");
  });
});
