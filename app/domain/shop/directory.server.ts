// The shops open to everyone right now, for the home page: distributors with an open cycle
// whose outgoing exchange has no tags (tagged cycles are for their customers only) and whose
// coordinator can take orders.
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { coordinatorHasMethods } from "./catalogue.server";

export type OpenShop = { id: string; name: string; description: string; closesAt: Date; openCycles: number };

export async function openShops(now = new Date(), limit = 24): Promise<OpenShop[]> {
  const rows = await getDb().execute<{ id: string; name: string; description: string | null; closes_at: Date | string; open_cycles: number }>(sql`
    select e.id, e.name, e.description, min(oc.closes_at) as closes_at, count(distinct oc.id)::int as open_cycles
    from outgoing_exchanges x
    join order_cycles oc on oc.id = x.order_cycle_id
    join enterprises e on e.id = x.distributor_id
    where oc.opens_at <= ${now.toISOString()} and oc.closes_at > ${now.toISOString()} and cardinality(x.tags) = 0
      and ${coordinatorHasMethods(sql`oc.coordinator_id`)}
    group by e.id, e.name, e.description
    order by min(oc.closes_at), e.name
    limit ${limit}`);
  return rows.map((row) => ({ id: row.id, name: row.name, description: row.description ?? "", closesAt: new Date(row.closes_at), openCycles: row.open_cycles }));
}
