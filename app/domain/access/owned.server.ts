// The one door to an enterprise's own records (products, variants, fees, shipping and payment
// methods) and to the enterprise behind a list of them: loads the record and the caller's access
// context together, then answers with the caller's rights or fails with 404 or 403.
import { getDb, type Executor } from "#db/connection.server";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { ensure, loadAccessContext } from "./context.server";
import type { AccessContext } from "./enterprise-rules";
import { findEnterprise, type EnterpriseRow } from "#app/domain/enterprises/load.server";
import { accessTo, canAdministerEnterprise, canEditProfile, canGrantPermissions, type EnterpriseAccess } from "./enterprise-rules";
import { creditAccess } from "./loyalty-rules";
import { promoCodeAccess } from "./promotion-rules";
import { catalogueAccess, customerAccess, feeAccess, importAccess, importsApplyTo, methodsAccess, type ImportSubject, type RecordAccess } from "./record-rules";

/** Which rule decides each kind of record (docs/domain.md section 3). */
const recordRules = {
  product: catalogueAccess,
  variant: catalogueAccess,
  fee: feeAccess,
  shippingMethod: methodsAccess,
  paymentMethod: methodsAccess,
  customer: customerAccess,
  // An enterprise's webhooks carry what its own managers see: theirs alone, like its customers.
  webhook: customerAccess,
  import: importAccess,
  // A shop's customer credit and loyalty ledger (decision 0052).
  credit: creditAccess,
  promoCode: promoCodeAccess,
} satisfies Record<string, (context: AccessContext, enterpriseId: string) => RecordAccess>;

export type RecordKind = keyof typeof recordRules;

/** Kinds whose list is not even acknowledged to outsiders: 404 rather than 403. */
const hiddenFromOutsiders: ReadonlySet<RecordKind> = new Set(["customer", "webhook", "import", "credit", "promoCode"]);

/** "see" reads the record (its partners may); "manage" changes it. */
export type Need = "see" | "manage";

function ensureRights(access: RecordAccess, need: Need, visible: boolean) {
  ensure(need === "manage" ? access.canManage : access.canSee, visible);
}

/**
 * A live record of this kind, read by `find` (its owning module knows its columns and what "live"
 * means), with the caller's rights: 404 when absent, archived or invisible to the caller, 403 when
 * visible but `need` is "manage" and the caller may only see it.
 */
export async function ownedRecord<R extends { enterpriseId: string }>(
  actor: Actor,
  kind: RecordKind,
  id: string,
  need: Need,
  find: (db: Executor, id: string) => Promise<R | undefined>,
  db: Executor = getDb(),
): Promise<{ record: R; access: RecordAccess }> {
  const [context, record] = await Promise.all([loadAccessContext(actor, db), find(db, id)]);
  if (!record) throw new DomainError("not_found");
  const access = recordRules[kind](context, record.enterpriseId);
  ensureRights(access, need, access.canSee);
  return { record, access };
}

export type OwnerFacts = Pick<EnterpriseRow, "id" | "name" | "kind" | "isProducer" | "sellsOwnProducts">;

/** The enterprise and the caller's access context, read together; 404 when there is no such enterprise. */
async function enterpriseWithContext(actor: Actor, enterpriseId: string, db: Executor): Promise<{ enterprise: EnterpriseRow; context: AccessContext }> {
  const [enterprise, context] = await Promise.all([findEnterprise(enterpriseId, db), loadAccessContext(actor, db)]);
  if (!enterprise) throw new DomainError("not_found");
  return { enterprise, context };
}

/**
 * The enterprise behind a list of its records or a new one, with the caller's rights over records
 * of this kind. Anyone signed in may know an enterprise exists, so only an absent one is 404; a
 * caller without `need` gets 403.
 */
export async function ownerEnterprise(
  actor: Actor,
  enterpriseId: string,
  kind: RecordKind,
  need: Need,
  db: Executor = getDb(),
): Promise<{ enterprise: OwnerFacts; access: RecordAccess }> {
  const { enterprise, context } = await enterpriseWithContext(actor, enterpriseId, db);
  const access = recordRules[kind](context, enterprise.id);
  ensureRights(access, need, !hiddenFromOutsiders.has(kind) || access.canSee);
  // Only these facts: callers hand them to pages.
  return {
    enterprise: {
      id: enterprise.id,
      name: enterprise.name,
      kind: enterprise.kind,
      isProducer: enterprise.isProducer,
      sellsOwnProducts: enterprise.sellsOwnProducts,
    },
    access,
  };
}

/**
 * The enterprise whose products or customers the caller imports or exports as CSV: 404 unless the
 * caller manages it, 403 when it has none of them (a producer without a shop has no customers).
 */
export async function importOwner(actor: Actor, enterpriseId: string, subject: ImportSubject, db: Executor = getDb()): Promise<OwnerFacts> {
  const { enterprise } = await ownerEnterprise(actor, enterpriseId, "import", "manage", db);
  ensure(importsApplyTo(subject, enterprise), true);
  return enterprise;
}

/** Whether the caller may import and export this enterprise's products or customers (to offer the page). */
export async function mayImport(actor: Actor, enterpriseId: string, subject: ImportSubject, db: Executor = getDb()): Promise<boolean> {
  return importOwner(actor, enterpriseId, subject, db).then(
    () => true,
    (error: unknown) => {
      if (error instanceof DomainError) return false;
      throw error;
    },
  );
}

/** What the caller must hold over the enterprise itself: nothing to read it, the profile right to edit it, the enterprise rules' own right for the rest. */
export type EnterpriseNeed = "see" | "editProfile" | "administer" | "grantPermissions";

const enterpriseNeeds: Record<EnterpriseNeed, (context: AccessContext, enterpriseId: string) => boolean> = {
  see: () => true,
  editProfile: canEditProfile,
  administer: canAdministerEnterprise,
  grantPermissions: canGrantPermissions,
};

/**
 * The enterprise itself with the caller's rights over it. Enterprises are visible to anyone signed
 * in, so only an absent one is 404; a caller without `need` gets 403.
 */
export async function enterpriseForActor(
  actor: Actor,
  enterpriseId: string,
  need: EnterpriseNeed,
  db: Executor = getDb(),
): Promise<{ enterprise: EnterpriseRow; context: AccessContext; access: EnterpriseAccess }> {
  const { enterprise, context } = await enterpriseWithContext(actor, enterpriseId, db);
  ensure(enterpriseNeeds[need](context, enterprise.id), true);
  return { enterprise, context, access: accessTo(context, enterprise.id) };
}
