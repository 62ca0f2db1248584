// Loads a caller's AccessContext in one query, and the guards domain commands call first.
import { inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterprisePermissions } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import type { AccessContext, PermissionName } from "./enterprise-rules";

export async function loadAccessContext(actor: Actor, db: Executor = getDb()): Promise<AccessContext> {
  const managed = new Set(actor.enterpriseIds);
  const grantsReceived =
    managed.size === 0
      ? []
      : await db
          .select({
            grantorId: enterprisePermissions.grantorId,
            granteeId: enterprisePermissions.granteeId,
            permission: enterprisePermissions.permission,
          })
          .from(enterprisePermissions)
          .where(inArray(enterprisePermissions.granteeId, [...managed]));
  return {
    userId: actor.userId,
    managed,
    grantsReceived: grantsReceived.map((grant) => ({ ...grant, permission: grant.permission as PermissionName })),
  };
}

/**
 * Throws when a rule says no: 404 when the caller may not even see the thing, 403 when they may
 * see it but not change it (docs/domain.md section 3).
 */
export function ensure(allowed: boolean, visible: boolean) {
  if (allowed) return;
  throw new DomainError(visible ? "forbidden" : "not_found");
}
