// Read models of enterprises for the admin: the ones a caller manages or works with.
import { normalisedReminderDays, type PickupReminderDay } from "#app/domain/pickup/reminder-days";
import { asc, inArray } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterprises } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ensure, loadAccessContext } from "#app/domain/access/context.server";
import { adminVisibleEnterpriseIds, enterpriseRights, type EnterpriseAccess, type EnterpriseRights } from "#app/domain/access/enterprise-rules";
import { canHaveProducts } from "#app/domain/catalogue/rules";
import { hasShop, kindLabel, type KindLabel } from "./kinds";
import { enterpriseForActor } from "#app/domain/access/owned.server";
import { managersOf, type InvitationView, type ManagerView } from "./managers.server";
import { permissionsOf, type PermissionLink } from "./permissions.server";

export type EnterpriseSummary = {
  id: string;
  name: string;
  kind: "producer" | "hub" | "profile";
  isProducer: boolean;
  sellsOwnProducts: boolean;
  managed: boolean;
};

/** Enterprises the caller manages, then those that granted them a permission. */
export async function enterprisesForAdmin(actor: Actor): Promise<EnterpriseSummary[]> {
  const context = await loadAccessContext(actor);
  const ids = adminVisibleEnterpriseIds(context);
  if (ids.length === 0) return [];
  const rows = await getDb()
    .select({
      id: enterprises.id,
      name: enterprises.name,
      kind: enterprises.kind,
      isProducer: enterprises.isProducer,
      sellsOwnProducts: enterprises.sellsOwnProducts,
    })
    .from(enterprises)
    .where(inArray(enterprises.id, ids))
    .orderBy(asc(enterprises.name));
  return rows
    .map((row) => ({ ...row, kind: row.kind as EnterpriseSummary["kind"], managed: context.managed.has(row.id) }))
    .sort((a, b) => Number(b.managed) - Number(a.managed));
}

type EnterprisePublic = {
  id: string;
  name: string;
  kind: "producer" | "hub" | "profile";
  kindLabel: KindLabel;
  isProducer: boolean;
  sellsOwnProducts: boolean;
  locale: string;
  timeZone: string;
  address: string;
  description: string;
};

export type EnterpriseDetail = EnterprisePublic & {
  /** What the caller may do here, so pages and API clients need not guess. */
  access: EnterpriseAccess;
  /** Where notifications go: managers and holders of edit_profile only. */
  email?: string;
  ownerId?: string;
  orderCyclesSortedBy?: "closes_at" | "opens_at";
  suppliersSeeBuyerNames?: boolean;
  /** Days before the ready date its buyers are reminded on (decision 0054). */
  pickupReminderDays?: PickupReminderDay[];
  announceOpenCycles?: boolean;
  closingReminderHours?: number | null;
  /** The seller on its invoices (the same names PATCH takes): its own managers only. */
  legalName?: string;
  companyNumber?: string;
  vatNumber?: string;
  invoicePrefix?: string;
  invoiceAtClose?: boolean;
  managers?: ManagerView[];
  invitations?: InvitationView[];
  permissionsGranted?: PermissionLink[];
  permissionsReceived?: PermissionLink[];
};

/**
 * Any signed-in caller sees an enterprise's public face; its managers also see its settings,
 * managers and permissions; holders of edit_profile also see its email (they may change it).
 */
export async function getEnterprise(actor: Actor, enterpriseId: string): Promise<EnterpriseDetail> {
  const { enterprise, access } = await enterpriseForActor(actor, enterpriseId, "see");
  const detail: EnterpriseDetail = {
    id: enterprise.id,
    name: enterprise.name,
    kind: enterprise.kind as EnterprisePublic["kind"],
    kindLabel: kindLabel(enterprise),
    isProducer: enterprise.isProducer,
    sellsOwnProducts: enterprise.sellsOwnProducts,
    locale: enterprise.locale,
    timeZone: enterprise.timeZone,
    address: enterprise.address,
    description: enterprise.description,
    access,
  };
  if (access.canEditProfile) detail.email = enterprise.email;
  if (!access.canAdminister) return detail;
  const [people, permissions] = await Promise.all([managersOf(enterprise.id, enterprise.ownerId), permissionsOf(enterprise.id)]);
  return {
    ...detail,
    ownerId: enterprise.ownerId,
    orderCyclesSortedBy: enterprise.orderCyclesSortedBy as "closes_at" | "opens_at",
    suppliersSeeBuyerNames: enterprise.suppliersSeeBuyerNames,
    pickupReminderDays: normalisedReminderDays(enterprise.pickupReminderDays),
    announceOpenCycles: enterprise.announceOpenCycles,
    closingReminderHours: enterprise.closingReminderHours,
    legalName: enterprise.legalName,
    companyNumber: enterprise.companyNumber,
    vatNumber: enterprise.vatNumber,
    invoicePrefix: enterprise.invoicePrefix,
    invoiceAtClose: enterprise.invoiceAtClose,
    managers: people.managers,
    invitations: people.invitations,
    permissionsGranted: permissions.granted,
    permissionsReceived: permissions.received,
  };
}

/** What the frame of an enterprise's pages shows: its name and kind, whether it has a shop, and whether the caller administers it. */
export async function enterpriseHeader(actor: Actor, enterpriseId: string) {
  const { enterprise, access } = await enterpriseForActor(actor, enterpriseId, "see");
  return { id: enterprise.id, name: enterprise.name, kindLabel: kindLabel(enterprise), hasShop: hasShop(enterprise), canAdminister: access.canAdminister };
}

/** The pages that administer an enterprise (managers, permissions): its own managers only, 403 for anyone else. */
export async function getEnterpriseToAdminister(actor: Actor, enterpriseId: string): Promise<EnterpriseDetail> {
  const detail = await getEnterprise(actor, enterpriseId);
  ensure(detail.access.canAdminister, true);
  return detail;
}

export type EnterpriseCard = EnterpriseSummary & { kindLabel: KindLabel; description: string; rights: EnterpriseRights; hasProducts: boolean };

/** The cards of the admin home: managed enterprises first, then those that granted the caller something. */
export async function adminHome(actor: Actor): Promise<{ managed: EnterpriseCard[]; partners: EnterpriseCard[] }> {
  const context = await loadAccessContext(actor);
  const ids = adminVisibleEnterpriseIds(context);
  if (ids.length === 0) return { managed: [], partners: [] };
  const rows = await getDb()
    .select({
      id: enterprises.id,
      name: enterprises.name,
      kind: enterprises.kind,
      isProducer: enterprises.isProducer,
      sellsOwnProducts: enterprises.sellsOwnProducts,
      description: enterprises.description,
    })
    .from(enterprises)
    .where(inArray(enterprises.id, ids))
    .orderBy(asc(enterprises.name));
  const cards = rows.map((row) => ({
    ...row,
    kind: row.kind as EnterpriseSummary["kind"],
    kindLabel: kindLabel(row),
    managed: context.managed.has(row.id),
    rights: enterpriseRights(context, row.id),
    hasProducts: canHaveProducts(row),
  }));
  return { managed: cards.filter((card) => card.managed), partners: cards.filter((card) => !card.managed) };
}
