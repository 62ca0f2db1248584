// The one door to an order cycle: loads it with the caller's roles in it, or fails with 404 when it
// is absent or the caller has no part in it (docs/domain.md section 3).
import { getDb, type Executor } from "#db/connection.server";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { loadCycle } from "#app/domain/order-cycles/load.server";
import type { OrderCycle } from "#app/domain/order-cycles/model";
import { lockCycle } from "#app/domain/order-cycles/persist.server";
import { isInvolved, rolesIn, type CycleRoles } from "./cycle-rules";

/**
 * The cycle and the caller's roles in it. With `lock` (inside a transaction) the cycle's row is
 * locked first, so commands see it as it stays until they commit.
 */
export async function cycleForActor(
  actor: Actor,
  cycleId: string,
  { db = getDb(), lock = false }: { db?: Executor; lock?: boolean } = {},
): Promise<{ cycle: OrderCycle; roles: CycleRoles }> {
  if (lock && !(await lockCycle(db, cycleId))) throw new DomainError("not_found");
  const cycle = await loadCycle(cycleId, db);
  if (!cycle) throw new DomainError("not_found");
  const roles = rolesIn(cycle, new Set(actor.enterpriseIds));
  if (!isInvolved(roles)) throw new DomainError("not_found");
  return { cycle, roles };
}
