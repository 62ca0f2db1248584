// What the web pages do that the API did not (docs/api.md "everything the web pages do"): a cycle's
// overview, removing a manager, withdrawing an invitation, removing a customer.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { putCustomer } from "#app/domain/shop/customers.server";
import { cycleOverview, reportScope } from "#app/domain/reports/reports.server";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import * as managerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers.$userId";
import * as invitationRoute from "#app/routes/api.v1.enterprises.$enterpriseId.invitations.$invitationId";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as overviewRoute from "#app/routes/api.v1.order-cycles.$cycleId.overview";
import { getDb } from "#db/connection.server";
import { customers, enterpriseManagers, managerInvitations, orders } from "#db/schema";
import { actorFor, coopPlus, minuteFromNow, seedCycle } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createEnterprise, createUser } from "#tests/support/world";

async function managerIds(enterpriseId: string) {
  const rows = await getDb().select({ userId: enterpriseManagers.userId }).from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, enterpriseId));
  return rows.map((row) => row.userId).sort();
}

describe("DELETE /enterprises/:id/managers/:userId", () => {
  it("removes a manager (204), keeps the owner and the last manager (422 on userId), and lets only its managers do it", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: colleague.email } });

    const byStranger = await callRoute(managerRoute, { method: "DELETE", token: stranger.token, params: { enterpriseId: hub.id, userId: colleague.id } });
    expect(byStranger.status).toBe(403);
    const owners = await callRoute(managerRoute, { method: "DELETE", token: colleague.token, params: { enterpriseId: hub.id, userId: owner.id } });
    expect(owners.status).toBe(422);
    expect((await json(owners)).error.fields).toHaveProperty("userId");
    const notAManager = await callRoute(managerRoute, { method: "DELETE", token: owner.token, params: { enterpriseId: hub.id, userId: stranger.id } });
    expect(notAManager.status).toBe(404);
    expect(await managerIds(hub.id)).toEqual([owner.id, colleague.id].sort());

    const removed = await callRoute(managerRoute, { method: "DELETE", token: owner.token, params: { enterpriseId: hub.id, userId: colleague.id } });
    expect(removed.status).toBe(204);
    expect(await managerIds(hub.id)).toEqual([owner.id]);
    const listed = await json(await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id } }));
    expect(listed.items.map((item: { userId: string }) => item.userId)).toEqual([owner.id]);
  });

  it("answers 405 for a GET", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const res = await callRoute(managerRoute, { token: owner.token, params: { enterpriseId: hub.id, userId: owner.id } });
    expect(res.status).toBe(405);
  });
});

describe("DELETE /enterprises/:id/invitations/:invitationId", () => {
  it("withdraws a pending invitation (204, then 404), so signing up with that email no longer makes a manager; only its managers may", async () => {
    const owner = await createUser();
    const otherOwner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const otherHub = await createEnterprise(otherOwner, { kind: "hub" });
    const invited = await json(await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email: "later@example.test" } }));
    expect(invited.status).toBe("invited");

    const byOther = await callRoute(invitationRoute, {
      method: "DELETE",
      token: otherOwner.token,
      params: { enterpriseId: hub.id, invitationId: invited.invitationId },
    });
    expect(byOther.status).toBe(403);
    const wrongEnterprise = await callRoute(invitationRoute, {
      method: "DELETE",
      token: otherOwner.token,
      params: { enterpriseId: otherHub.id, invitationId: invited.invitationId },
    });
    expect(wrongEnterprise.status).toBe(404);
    expect(await getDb().select().from(managerInvitations).where(eq(managerInvitations.id, invited.invitationId))).toHaveLength(1);

    const withdrawn = await callRoute(invitationRoute, {
      method: "DELETE",
      token: owner.token,
      params: { enterpriseId: hub.id, invitationId: invited.invitationId },
    });
    expect(withdrawn.status).toBe(204);
    expect(await getDb().select().from(managerInvitations).where(eq(managerInvitations.id, invited.invitationId))).toHaveLength(0);
    const again = await callRoute(invitationRoute, {
      method: "DELETE",
      token: owner.token,
      params: { enterpriseId: hub.id, invitationId: invited.invitationId },
    });
    expect(again.status).toBe(404);
    expect((await json(again)).error.code).toBe("not_found");

    const later = await createUser({ email: "later@example.test" });
    expect(await managerIds(hub.id)).toEqual([owner.id]);
    expect(later.id).not.toBe(owner.id);
  });
});

describe("DELETE /enterprises/:id/customers/:email", () => {
  it("removes the customer whatever the case of the email (204, then 404); their orders stay; other shops' customers and outsiders are untouched", async () => {
    const w = await coopPlus();
    const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    const order = await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email: "Ana@Example.org",
        name: "Ana",
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      },
      undefined,
    );
    await putCustomer(w.actors.distributor, w.distributor.id, { email: "ana@example.org", tags: ["vip"] });
    await putCustomer(w.actors.lake, w.lake.id, { email: "ana@example.org", tags: ["lake"] });
    const anas = () =>
      getDb()
        .select({ distributorId: customers.distributorId })
        .from(customers)
        .where(sql`lower(${customers.email}) = 'ana@example.org'`);
    expect(await anas()).toHaveLength(2);

    const byLake = await callRoute(customerRoute, {
      method: "DELETE",
      token: w.people.lake.token,
      params: { enterpriseId: w.distributor.id, email: "ana@example.org" },
    });
    expect(byLake.status).toBe(404);
    const unknown = await callRoute(customerRoute, {
      method: "DELETE",
      token: w.people.distributor.token,
      params: { enterpriseId: w.distributor.id, email: "nobody@example.org" },
    });
    expect(unknown.status).toBe(404);
    expect(await anas()).toHaveLength(2);

    const removed = await callRoute(customerRoute, {
      method: "DELETE",
      token: w.people.distributor.token,
      params: { enterpriseId: w.distributor.id, email: "ANA@example.ORG" },
    });
    expect(removed.status).toBe(204);
    expect((await anas()).map((row) => row.distributorId)).toEqual([w.lake.id]);
    const again = await callRoute(customerRoute, {
      method: "DELETE",
      token: w.people.distributor.token,
      params: { enterpriseId: w.distributor.id, email: "ana@example.org" },
    });
    expect(again.status).toBe(404);
    const [kept] = await getDb()
      .select({ state: orders.state })
      .from(orders)
      .where(and(eq(orders.id, order), eq(orders.distributorId, w.distributor.id)));
    expect(kept.state).toBe("placed");
  });
});

describe("GET /order-cycles/:id/overview", () => {
  it("gives the coordinator the reports page's figures; a distributor of the cycle 403, an outsider 404", async () => {
    const w = await coopPlus();
    const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
    for (const [distributorId, methods, email] of [
      [w.distributor.id, w.methods.distributor, "one@example.org"],
      [w.lake.id, w.methods.lake[0], "two@example.org"],
      [w.lake.id, w.methods.lake[0], "three@example.org"],
    ] as const) {
      await placeOrder(
        {
          distributorId,
          orderCycleId: cycleId,
          shippingMethodId: methods.shipping.id,
          paymentMethodId: methods.payment.id,
          email,
          name: email,
          lines: [{ variantId: w.variants.a[0], quantity: 2 }],
        },
        undefined,
      );
    }
    const res = await callRoute(overviewRoute, { token: w.people.hub.token, params: { cycleId } });
    expect(res.status).toBe(200);
    const body = await json(res);
    const [totals] = await getDb()
      .select({ count: sql<number>`count(*)::int`, sales: sql<number>`sum(${orders.totalCents})::int` })
      .from(orders)
      .where(and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed")));
    expect(body.orders).toBe(3);
    expect(totals.count).toBe(3);
    expect(body.salesCents).toBe(totals.sales);
    expect(body.perDistributor.map((row: { name: string }) => row.name)).toEqual(
      ["Lake Co-op", "River Co-op"].filter((name) => body.perDistributor.some((row: { name: string }) => row.name === name)),
    );
    expect(body.perDistributor.reduce((sum: number, row: { salesCents: number }) => sum + row.salesCents, 0)).toBe(totals.sales);
    expect(body).toEqual(JSON.parse(JSON.stringify(await cycleOverview(await reportScope(await actorFor(w.people.hub), cycleId)))));

    expect((await callRoute(overviewRoute, { token: w.people.distributor.token, params: { cycleId } })).status).toBe(403);
    const outsider = await createUser();
    expect((await callRoute(overviewRoute, { token: outsider.token, params: { cycleId } })).status).toBe(404);
  });
});
