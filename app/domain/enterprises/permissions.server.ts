// Permissions one enterprise grants another (docs/domain.md section 1): granted, changed and revoked by
// the grantor's managers only. Revoking stops future additions; existing cycles are never rewritten.
import { and, asc, eq, ilike, ne, notInArray, or } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterprisePermissions, enterprises } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { permissionNames, type PermissionName } from "#app/domain/access/enterprise-rules";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { kindLabel, type KindLabel } from "./kinds";
import { findEnterprise } from "./load.server";
import { enterpriseForActor } from "#app/domain/access/owned.server";
import { grantPermissionsSchema, setPermissionsSchema } from "./schemas";

export type PermissionLink = {
  enterpriseId: string;
  enterpriseName: string;
  kindLabel: KindLabel;
  permissions: PermissionName[];
};

export type PermissionsOf = {
  /** Grants this enterprise gave, one entry per grantee. */
  granted: PermissionLink[];
  /** Grants this enterprise received, one entry per grantor. */
  received: PermissionLink[];
};

/** The grantor's managers only; 404 when the grantor does not exist. */
async function grantorFor(actor: Actor, grantorId: string) {
  const { enterprise } = await enterpriseForActor(actor, grantorId, "grantPermissions");
  return enterprise;
}

async function checkGrantee(grantorId: string, granteeId: string) {
  if (granteeId === grantorId) throw invalidField("granteeId", "grantToSelf");
  if (!(await findEnterprise(granteeId))) throw invalidField("granteeId", "unknownEnterprise");
}

function ordered(permissions: readonly PermissionName[]): PermissionName[] {
  return permissionNames.filter((name) => permissions.includes(name));
}

/** Adds permissions from :grantorId to the grantee; granting what is already granted changes nothing. */
export async function grantPermissions(
  actor: Actor,
  grantorId: string,
  input: unknown,
): Promise<{ grantorId: string; granteeId: string; permissions: PermissionName[] }> {
  await grantorFor(actor, grantorId);
  const data = parseWith(grantPermissionsSchema, input);
  await checkGrantee(grantorId, data.granteeId);
  return getDb().transaction(async (tx) => {
    await tx
      .insert(enterprisePermissions)
      .values(ordered(data.permissions).map((permission) => ({ grantorId, granteeId: data.granteeId, permission })))
      .onConflictDoNothing();
    const rows = await tx
      .select({ permission: enterprisePermissions.permission })
      .from(enterprisePermissions)
      .where(and(eq(enterprisePermissions.grantorId, grantorId), eq(enterprisePermissions.granteeId, data.granteeId)));
    return { grantorId, granteeId: data.granteeId, permissions: ordered(rows.map((row) => row.permission as PermissionName)) };
  });
}

/** The UI's "save this row": the grantee ends with exactly these permissions (none revokes all). */
export async function setPermissions(actor: Actor, grantorId: string, input: unknown): Promise<void> {
  await grantorFor(actor, grantorId);
  const data = parseWith(setPermissionsSchema, input);
  await checkGrantee(grantorId, data.granteeId);
  await getDb().transaction(async (tx) => {
    const keep = ordered(data.permissions);
    const pair = and(eq(enterprisePermissions.grantorId, grantorId), eq(enterprisePermissions.granteeId, data.granteeId));
    await tx.delete(enterprisePermissions).where(keep.length ? and(pair, notInArray(enterprisePermissions.permission, keep)) : pair);
    if (keep.length) {
      await tx
        .insert(enterprisePermissions)
        .values(keep.map((permission) => ({ grantorId, granteeId: data.granteeId, permission })))
        .onConflictDoNothing();
    }
  });
}

/**
 * Removes every permission :grantorId gave the grantee. Answers the same whether or not there was
 * one to remove (DELETE is idempotent); cycles that already include the grantor keep it.
 */
export async function revokePermissions(actor: Actor, grantorId: string, granteeId: string): Promise<void> {
  await grantorFor(actor, grantorId);
  if (typeof granteeId !== "string" || granteeId.length > 64 || !(await findEnterprise(granteeId))) throw new DomainError("not_found");
  await getDb()
    .delete(enterprisePermissions)
    .where(and(eq(enterprisePermissions.grantorId, grantorId), eq(enterprisePermissions.granteeId, granteeId)));
}

/** Both directions for one enterprise, for its managers; two queries whatever the number of grants. */
export async function listPermissions(actor: Actor, enterpriseId: string, db: Executor = getDb()): Promise<PermissionsOf> {
  await enterpriseForActor(actor, enterpriseId, "administer", db);
  return permissionsOf(enterpriseId, db);
}

/** Without an access check: callers have checked that the actor manages the enterprise. */
export async function permissionsOf(enterpriseId: string, db: Executor = getDb()): Promise<PermissionsOf> {
  const rows = await db
    .select({
      grantorId: enterprisePermissions.grantorId,
      granteeId: enterprisePermissions.granteeId,
      permission: enterprisePermissions.permission,
      otherId: enterprises.id,
      otherName: enterprises.name,
      kind: enterprises.kind,
      isProducer: enterprises.isProducer,
      sellsOwnProducts: enterprises.sellsOwnProducts,
    })
    .from(enterprisePermissions)
    .innerJoin(
      enterprises,
      or(
        and(eq(enterprisePermissions.grantorId, enterpriseId), eq(enterprises.id, enterprisePermissions.granteeId)),
        and(eq(enterprisePermissions.granteeId, enterpriseId), eq(enterprises.id, enterprisePermissions.grantorId)),
      ),
    )
    .where(or(eq(enterprisePermissions.grantorId, enterpriseId), eq(enterprisePermissions.granteeId, enterpriseId)))
    .orderBy(asc(enterprises.name), asc(enterprises.id));
  const granted = new Map<string, PermissionLink>();
  const received = new Map<string, PermissionLink>();
  for (const row of rows) {
    const side = row.grantorId === enterpriseId ? granted : received;
    const link = side.get(row.otherId) ?? { enterpriseId: row.otherId, enterpriseName: row.otherName, kindLabel: kindLabel(row), permissions: [] };
    link.permissions.push(row.permission as PermissionName);
    side.set(row.otherId, link);
  }
  const finish = (links: Map<string, PermissionLink>) => [...links.values()].map((link) => ({ ...link, permissions: ordered(link.permissions) }));
  return { granted: finish(granted), received: finish(received) };
}

/** Enterprises one may grant to: every other enterprise, by name, optionally filtered (for the picker). */
export async function grantCandidates(enterpriseId: string, search = "", limit = 500, db: Executor = getDb()) {
  const term = search.trim().toLowerCase().slice(0, 100);
  const rows = await db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      kind: enterprises.kind,
      isProducer: enterprises.isProducer,
      sellsOwnProducts: enterprises.sellsOwnProducts,
    })
    .from(enterprises)
    .where(and(ne(enterprises.id, enterpriseId), term ? ilike(enterprises.name, `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`) : undefined))
    .orderBy(asc(enterprises.name), asc(enterprises.id))
    .limit(limit);
  return rows.map((row) => ({ id: row.id, name: row.name, kindLabel: kindLabel(row) }));
}
