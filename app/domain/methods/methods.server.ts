// Shipping and payment method commands and read models: each command takes the actor, checks
// access first (#app/domain/access/owned.server), validates with one schema (./schemas) and writes one statement.
// Methods are archived, never deleted: past orders and cycles keep pointing at them.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { orderCycles, outgoingExchangePaymentMethods, outgoingExchanges, outgoingExchangeShippingMethods, paymentMethods, shippingMethods } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownedRecord, ownerEnterprise } from "#app/domain/access/owned.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { cycleColumnsOf, cycleNotClosedBy } from "#app/domain/order-cycles/state.server";
import { cardPaymentsConfigured } from "./payments.server";
import {
  createPaymentMethodSchema,
  createShippingMethodSchema,
  updatePaymentMethodSchema,
  updateShippingMethodSchema,
  type PaymentKind,
  type ShippingKind,
} from "./schemas";

export type ShippingMethodView = {
  id: string;
  enterpriseId: string;
  name: string;
  kind: ShippingKind;
  address: string;
  openingHours: string;
  description: string;
  feeCents: number;
  taxRateBasisPoints: number;
};

export type PaymentMethodView = { id: string; enterpriseId: string; name: string; kind: PaymentKind; instructions: string };

const shippingColumns = {
  id: shippingMethods.id,
  enterpriseId: shippingMethods.enterpriseId,
  name: shippingMethods.name,
  kind: shippingMethods.kind,
  address: shippingMethods.address,
  openingHours: shippingMethods.openingHours,
  description: shippingMethods.description,
  feeCents: shippingMethods.feeCents,
  taxRateBasisPoints: shippingMethods.taxRateBasisPoints,
};

const paymentColumns = {
  id: paymentMethods.id,
  enterpriseId: paymentMethods.enterpriseId,
  name: paymentMethods.name,
  kind: paymentMethods.kind,
  instructions: paymentMethods.instructions,
};

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;

function refuseCardWithoutStripe(kind: PaymentKind | undefined) {
  if (kind === "stripe" && !cardPaymentsConfigured()) throw invalidField("kind", "cardPaymentsNotConfigured");
}

function findLiveShippingMethod(db: Executor, methodId: string) {
  return db
    .select(shippingColumns)
    .from(shippingMethods)
    .where(and(eq(shippingMethods.id, methodId), isNull(shippingMethods.archivedAt)))
    .then(([row]) => row as ShippingMethodView | undefined);
}

function findLivePaymentMethod(db: Executor, methodId: string) {
  return db
    .select(paymentColumns)
    .from(paymentMethods)
    .where(and(eq(paymentMethods.id, methodId), isNull(paymentMethods.archivedAt)))
    .then(([row]) => row as PaymentMethodView | undefined);
}

async function liveShippingMethod(actor: Actor, methodId: string) {
  return (await ownedRecord(actor, "shippingMethod", methodId, "manage", findLiveShippingMethod)).record;
}

async function livePaymentMethod(actor: Actor, methodId: string) {
  return (await ownedRecord(actor, "paymentMethod", methodId, "manage", findLivePaymentMethod)).record;
}

/**
 * A new method joins the distributor's open and upcoming cycles that offer all its other methods
 * of that kind: "all of them" (the default when a distributor is added, docs/domain.md 2) stays all,
 * as a hub that opens a new pickup point expects. A cycle where some were unticked keeps its
 * choice; closed cycles are left as they were.
 */
async function offerWhereAllAreOffered(tx: Executor, enterpriseId: string, group: "shipping" | "payment", methodId: string, now: Date) {
  const [links, methods, column] =
    group === "shipping"
      ? [outgoingExchangeShippingMethods, shippingMethods, sql`shipping_method_id`]
      : [outgoingExchangePaymentMethods, paymentMethods, sql`payment_method_id`];
  await tx.execute(sql`
    insert into ${links} (exchange_id, ${column})
    select x.id, ${methodId}
    from ${outgoingExchanges} x join ${orderCycles} c on c.id = x.order_cycle_id
    where x.distributor_id = ${enterpriseId}
      and ${cycleNotClosedBy(now, cycleColumnsOf("c"))}
      and not exists (
        select 1 from ${methods} m
        where m.enterprise_id = ${enterpriseId} and m.archived_at is null and m.id <> ${methodId}
          and not exists (select 1 from ${links} l where l.exchange_id = x.id and l.${column} = m.id))
    on conflict do nothing`);
}

export async function createShippingMethod(actor: Actor, enterpriseId: string, input: unknown, now = new Date()): Promise<ShippingMethodView> {
  await ownerEnterprise(actor, enterpriseId, "shippingMethod", "manage");
  const data = parseWith(createShippingMethodSchema, input);
  return getDb().transaction(async (tx) => {
    const [method] = await tx
      .insert(shippingMethods)
      .values({ ...defined(data), enterpriseId, name: data.name, kind: data.kind })
      .returning(shippingColumns);
    await offerWhereAllAreOffered(tx, enterpriseId, "shipping", method.id, now);
    return method as ShippingMethodView;
  });
}

export async function updateShippingMethod(actor: Actor, methodId: string, input: unknown): Promise<ShippingMethodView> {
  const current = await liveShippingMethod(actor, methodId);
  const data = parseWith(updateShippingMethodSchema, input);
  // A pickup point does not become a delivery: buyers and cycles chose it for what it was.
  if (data.kind !== undefined && data.kind !== current.kind) throw invalidField("kind", "kindFixed");
  const changes = defined({ ...data, kind: undefined });
  if (Object.keys(changes).length === 0) return current;
  const [method] = await getDb()
    .update(shippingMethods)
    .set(changes)
    .where(and(eq(shippingMethods.id, methodId), isNull(shippingMethods.archivedAt)))
    .returning(shippingColumns);
  if (!method) throw new DomainError("not_found");
  return method as ShippingMethodView;
}

export async function archiveShippingMethod(actor: Actor, methodId: string, now = new Date()): Promise<void> {
  await liveShippingMethod(actor, methodId);
  await getDb()
    .update(shippingMethods)
    .set({ archivedAt: now })
    .where(and(eq(shippingMethods.id, methodId), isNull(shippingMethods.archivedAt)));
}

export async function createPaymentMethod(actor: Actor, enterpriseId: string, input: unknown, now = new Date()): Promise<PaymentMethodView> {
  await ownerEnterprise(actor, enterpriseId, "paymentMethod", "manage");
  const data = parseWith(createPaymentMethodSchema, input);
  refuseCardWithoutStripe(data.kind);
  return getDb().transaction(async (tx) => {
    const [method] = await tx
      .insert(paymentMethods)
      .values({ enterpriseId, name: data.name, kind: data.kind, instructions: data.instructions ?? "" })
      .returning(paymentColumns);
    await offerWhereAllAreOffered(tx, enterpriseId, "payment", method.id, now);
    return method as PaymentMethodView;
  });
}

export async function updatePaymentMethod(actor: Actor, methodId: string, input: unknown): Promise<PaymentMethodView> {
  const current = await livePaymentMethod(actor, methodId);
  const data = parseWith(updatePaymentMethodSchema, input);
  if (data.kind !== undefined && data.kind !== current.kind) throw invalidField("kind", "kindFixed");
  const changes = defined({ name: data.name, instructions: data.instructions });
  if (Object.keys(changes).length === 0) return current;
  const [method] = await getDb()
    .update(paymentMethods)
    .set(changes)
    .where(and(eq(paymentMethods.id, methodId), isNull(paymentMethods.archivedAt)))
    .returning(paymentColumns);
  if (!method) throw new DomainError("not_found");
  return method as PaymentMethodView;
}

export async function archivePaymentMethod(actor: Actor, methodId: string, now = new Date()): Promise<void> {
  await livePaymentMethod(actor, methodId);
  await getDb()
    .update(paymentMethods)
    .set({ archivedAt: now })
    .where(and(eq(paymentMethods.id, methodId), isNull(paymentMethods.archivedAt)));
}

/** Live shipping methods of an enterprise, for its managers and partners. */
export async function listShippingMethods(actor: Actor, enterpriseId: string): Promise<ShippingMethodView[]> {
  await ownerEnterprise(actor, enterpriseId, "shippingMethod", "see");
  return shippingMethodsOf(enterpriseId);
}

export async function listPaymentMethods(actor: Actor, enterpriseId: string): Promise<PaymentMethodView[]> {
  await ownerEnterprise(actor, enterpriseId, "paymentMethod", "see");
  return paymentMethodsOf(enterpriseId);
}

async function shippingMethodsOf(enterpriseId: string) {
  const rows = await getDb()
    .select(shippingColumns)
    .from(shippingMethods)
    .where(and(eq(shippingMethods.enterpriseId, enterpriseId), isNull(shippingMethods.archivedAt)))
    .orderBy(asc(shippingMethods.createdAt), asc(shippingMethods.name), asc(shippingMethods.id))
    .limit(500);
  return rows as ShippingMethodView[];
}

async function paymentMethodsOf(enterpriseId: string) {
  const rows = await getDb()
    .select(paymentColumns)
    .from(paymentMethods)
    .where(and(eq(paymentMethods.enterpriseId, enterpriseId), isNull(paymentMethods.archivedAt)))
    .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.name), asc(paymentMethods.id))
    .limit(500);
  return rows as PaymentMethodView[];
}

/** The admin methods page: the enterprise's own managers only. */
export async function methodsPage(actor: Actor, enterpriseId: string) {
  const { enterprise } = await ownerEnterprise(actor, enterpriseId, "shippingMethod", "manage");
  const [shipping, payment] = await Promise.all([shippingMethodsOf(enterpriseId), paymentMethodsOf(enterpriseId)]);
  return {
    enterprise: { id: enterprise.id, name: enterprise.name, sells: enterprise.kind !== "profile" },
    shipping,
    payment,
    cardPaymentsConfigured: cardPaymentsConfigured(),
  };
}
