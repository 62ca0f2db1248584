// The shops open to everyone right now, for the home page: distributors with a cycle that a buyer
// without tags or share key may order from, by the same rule as the shop page (isOfferedToBuyer).
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycles, outgoingExchanges } from "#db/schema";
import { cycleIsOpenAt } from "#app/domain/order-cycles/state.server";
import { candidateColumns, usablePaymentMethodIds } from "./catalogue.server";
import { isOfferedToBuyer } from "./visibility";

export type OpenShop = { id: string; name: string; description: string; closesAt: Date; openCycles: number };

/** How many open exchanges the home page weighs at most: far more than the shops it shows. */
const CANDIDATE_LIMIT = 2_000;

export async function openShops(now = new Date(), limit = 24): Promise<OpenShop[]> {
  // Narrowed in SQL to the exchanges open now; the rule itself is applied below, once.
  const candidates = await getDb()
    .select({ ...candidateColumns, name: enterprises.name, description: enterprises.description })
    .from(outgoingExchanges)
    .innerJoin(orderCycles, eq(orderCycles.id, outgoingExchanges.orderCycleId))
    .innerJoin(enterprises, eq(enterprises.id, outgoingExchanges.distributorId))
    .where(cycleIsOpenAt(now))
    .orderBy(orderCycles.closesAt)
    .limit(CANDIDATE_LIMIT);
  const usable = await usablePaymentMethodIds([...new Set(candidates.map((candidate) => candidate.distributorId))]);
  const shops = new Map<string, OpenShop>();
  for (const candidate of candidates) {
    // Nobody's tags, no share key: an unlisted exchange is never listed here.
    if (!isOfferedToBuyer(candidate, { tags: [] }, usable, now)) continue;
    const shop = shops.get(candidate.distributorId);
    if (shop) {
      shop.openCycles += 1;
      if (candidate.closesAt! < shop.closesAt) shop.closesAt = candidate.closesAt!;
    } else {
      shops.set(candidate.distributorId, {
        id: candidate.distributorId,
        name: candidate.name,
        description: candidate.description ?? "",
        closesAt: candidate.closesAt!,
        openCycles: 1,
      });
    }
  }
  return [...shops.values()].sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime() || a.name.localeCompare(b.name)).slice(0, limit);
}
