// Demo order cycles, built through the domain commands as a hub manager would: two simultaneous
// open cycles (a weekly one and a "pro" one for tagged buyers), one upcoming and one closed.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "../app/domain/order-cycles/commands.server";
import { getDb } from "./connection.server";
import { enterpriseFees, products, variants } from "./schema";

type DemoIds = { userIds: Record<string, string>; hub: string; riverside: string; marie: string; dairy: string; orchard: string };

const DAY = 24 * 60 * 60 * 1000;

async function variantIdsOf(enterpriseId: string) {
  const rows = await getDb()
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, enterpriseId), isNull(variants.archivedAt)));
  return rows.map((row) => row.id);
}

async function feeIdsOf(enterpriseIds: string[]) {
  const rows = await getDb().select({ id: enterpriseFees.id, ownerId: enterpriseFees.enterpriseId }).from(enterpriseFees).where(inArray(enterpriseFees.enterpriseId, enterpriseIds));
  return (ownerId: string) => rows.filter((row) => row.ownerId === ownerId).map((row) => row.id);
}

function atHour(base: number, dayOffset: number, hourUtc: number) {
  const date = new Date(base + dayOffset * DAY);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date.toISOString();
}

export async function seedDemoCycles(ids: DemoIds, now = Date.now()) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const fees = await feeIdsOf([ids.hub, ids.riverside, ids.marie, ids.dairy]);
  const supply = { [ids.marie]: await variantIdsOf(ids.marie), [ids.dairy]: await variantIdsOf(ids.dairy), [ids.orchard]: await variantIdsOf(ids.orchard) };

  const build = async (name: string, opensAt: string, closesAt: string, outlets: { distributorId: string; readyFor: string; tags?: string[]; pickupInstructions: string; readyOn: string }[]) => {
    const cycleId = await createOrderCycle(hubManager, { name, coordinatorId: ids.hub, opensAt, closesAt, coordinatorFeeIds: fees(ids.hub).slice(0, 1), automaticNotifications: true }, new Date(now));
    await putIncomingExchange(hubManager, cycleId, ids.marie, { variantIds: supply[ids.marie], feeIds: fees(ids.marie), receivalInstructions: "Drop off at the barn by Friday 10:00, crates labelled by distributor." });
    await putIncomingExchange(hubManager, cycleId, ids.dairy, { variantIds: supply[ids.dairy], feeIds: fees(ids.dairy), receivalInstructions: "Cold room, Friday 09:00–11:00." });
    await putIncomingExchange(hubManager, cycleId, ids.orchard, { variantIds: supply[ids.orchard], receivalInstructions: "Friday morning, side door." });
    for (const outlet of outlets) {
      const sellable = outlet.distributorId === ids.hub ? Object.values(supply).flat() : [...supply[ids.marie], ...supply[ids.dairy], ...supply[ids.orchard]];
      await putOutgoingExchange(hubManager, cycleId, outlet.distributorId, {
        variantIds: sellable,
        readyFor: outlet.readyFor,
        readyOn: outlet.readyOn,
        pickupInstructions: outlet.pickupInstructions,
        tags: outlet.tags ?? [],
        feeIds: outlet.distributorId === ids.riverside ? fees(ids.riverside).slice(0, 1) : [],
      });
    }
    return cycleId;
  };

  const readyDate = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  await build("Weekly veg box", atHour(now, -2, 7), atHour(now, 3, 17), [
    { distributorId: ids.hub, readyFor: "Friday, barn pickup", readyOn: readyDate(4), pickupInstructions: "Bring your own bags. The barn is behind the mill, follow the signs." },
    { distributorId: ids.riverside, readyFor: "Saturday morning at the market hall", readyOn: readyDate(5), pickupInstructions: "Ask at the co-op stall, under the clock." },
  ]);
  await build("Restaurants (pro)", atHour(now, -1, 7), atHour(now, 2, 17), [
    { distributorId: ids.riverside, readyFor: "Thursday delivery for restaurants", readyOn: readyDate(3), pickupInstructions: "Delivered to your kitchen door before 10:00.", tags: ["pro"] },
  ]);
  await build("Christmas market", atHour(now, 10, 7), atHour(now, 20, 17), [
    { distributorId: ids.hub, readyFor: "Saturday before Christmas", readyOn: readyDate(22), pickupInstructions: "Barn pickup with mulled cider." },
  ]);
  await build("Weekly veg box (last week)", atHour(now, -9, 7), atHour(now, -4, 17), [
    { distributorId: ids.hub, readyFor: "Friday, barn pickup", readyOn: readyDate(-3), pickupInstructions: "Bring your own bags." },
  ]);
}
