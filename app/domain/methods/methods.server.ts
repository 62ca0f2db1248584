// Shipping and payment method commands and read models: each command takes the actor, checks
// access first (#app/domain/access/owned.server), validates with one schema (./schemas) and writes one statement.
// Methods are archived, never deleted: past orders and cycles keep pointing at them. The two kinds
// (shipping, payment) differ only in the small table of their specifics below.
import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { orderCycles, outgoingExchangePaymentMethods, outgoingExchanges, outgoingExchangeShippingMethods, paymentMethods, shippingMethods } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownedRecord, ownerEnterprise, type RecordKind } from "#app/domain/access/owned.server";
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

const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;

function refuseCardWithoutStripe(kind: PaymentKind | undefined) {
  if (kind === "stripe" && !cardPaymentsConfigured()) throw invalidField("kind", "cardPaymentsNotConfigured");
}

type MethodTable = typeof shippingMethods | typeof paymentMethods;

/** Where a kind of method is stored and which rule decides on it. */
type MethodStore = {
  record: RecordKind;
  table: MethodTable;
  columns: typeof shippingColumns | typeof paymentColumns;
  /** The outgoing exchanges' links to methods of this kind, and their method column. */
  links: typeof outgoingExchangeShippingMethods | typeof outgoingExchangePaymentMethods;
  linkColumn: SQL;
};

/** What differs between the two kinds of method; every command below is written once over it. */
type MethodKind<View, Create extends z.ZodType, Update extends z.ZodType> = MethodStore & {
  createSchema: Create;
  updateSchema: Update;
  /** Refusals of a valid new method that depend on this instance (card payments need Stripe). */
  refuseNew: (data: z.output<Create>) => void;
  newRow: (data: z.output<Create>) => Record<string, unknown>;
  changes: (data: z.output<Update>) => Record<string, unknown>;
  /** Only the type: the rows are read through `columns`. */
  view?: View;
};

type MethodRow = { id: string; enterpriseId: string; kind: string };

const shipping: MethodKind<ShippingMethodView, typeof createShippingMethodSchema, typeof updateShippingMethodSchema> = {
  record: "shippingMethod",
  table: shippingMethods,
  columns: shippingColumns,
  links: outgoingExchangeShippingMethods,
  linkColumn: sql`shipping_method_id`,
  createSchema: createShippingMethodSchema,
  updateSchema: updateShippingMethodSchema,
  refuseNew: () => {},
  newRow: (data) => ({ ...defined(data), name: data.name, kind: data.kind }),
  changes: (data) => defined({ ...data, kind: undefined }),
};

const payment: MethodKind<PaymentMethodView, typeof createPaymentMethodSchema, typeof updatePaymentMethodSchema> = {
  record: "paymentMethod",
  table: paymentMethods,
  columns: paymentColumns,
  links: outgoingExchangePaymentMethods,
  linkColumn: sql`payment_method_id`,
  createSchema: createPaymentMethodSchema,
  updateSchema: updatePaymentMethodSchema,
  refuseNew: (data) => refuseCardWithoutStripe(data.kind),
  newRow: (data) => ({ name: data.name, kind: data.kind, instructions: data.instructions ?? "" }),
  changes: (data) => defined({ name: data.name, instructions: data.instructions }),
};

// Drizzle's builders do not accept a union of two tables; both tables have the columns used here.
const tableOf = (kind: { table: MethodTable }) => kind.table as typeof shippingMethods;

async function liveMethod<View extends MethodRow>(actor: Actor, kind: MethodStore, methodId: string) {
  const table = tableOf(kind);
  const find = (db: Executor, id: string) =>
    db
      .select(kind.columns)
      .from(table)
      .where(and(eq(table.id, id), isNull(table.archivedAt)))
      .then(([row]) => row as View | undefined);
  return (await ownedRecord(actor, kind.record, methodId, "manage", find)).record;
}

/**
 * A new method joins the distributor's open and upcoming cycles that offer all its other methods
 * of that kind: "all of them" (the default when a distributor is added, docs/domain.md 2) stays all,
 * as a hub that opens a new pickup point expects. A cycle where some were unticked keeps its
 * choice; closed cycles are left as they were.
 */
async function offerWhereAllAreOffered(tx: Executor, enterpriseId: string, kind: MethodStore, methodId: string, now: Date) {
  const { links, table: methods, linkColumn: column } = kind;
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

async function createMethod<View extends MethodRow, Create extends z.ZodType, Update extends z.ZodType>(
  actor: Actor,
  kind: MethodKind<View, Create, Update>,
  enterpriseId: string,
  input: unknown,
  now: Date,
): Promise<View> {
  await ownerEnterprise(actor, enterpriseId, kind.record, "manage");
  const data = parseWith(kind.createSchema, input);
  kind.refuseNew(data);
  const table = tableOf(kind);
  return getDb().transaction(async (tx) => {
    const [method] = await tx
      .insert(table)
      .values({ ...kind.newRow(data), enterpriseId } as typeof table.$inferInsert)
      .returning(kind.columns);
    await offerWhereAllAreOffered(tx, enterpriseId, kind, method.id, now);
    return method as unknown as View;
  });
}

async function updateMethod<View extends MethodRow, Create extends z.ZodType, Update extends z.ZodType>(
  actor: Actor,
  kind: MethodKind<View, Create, Update>,
  methodId: string,
  input: unknown,
): Promise<View> {
  const current = await liveMethod<View>(actor, kind, methodId);
  const data = parseWith(kind.updateSchema, input);
  // A pickup point does not become a delivery, nor cash a card payment: buyers and cycles chose it for what it was.
  const newKind = (data as { kind?: string }).kind;
  if (newKind !== undefined && newKind !== current.kind) throw invalidField("kind", "kindFixed");
  const changes = kind.changes(data);
  if (Object.keys(changes).length === 0) return current;
  const table = tableOf(kind);
  const [method] = await getDb()
    .update(table)
    .set(changes)
    .where(and(eq(table.id, methodId), isNull(table.archivedAt)))
    .returning(kind.columns);
  if (!method) throw new DomainError("not_found");
  return method as unknown as View;
}

async function archiveMethod(actor: Actor, kind: MethodStore, methodId: string, now: Date): Promise<void> {
  await liveMethod(actor, kind, methodId);
  const table = tableOf(kind);
  await getDb()
    .update(table)
    .set({ archivedAt: now })
    .where(and(eq(table.id, methodId), isNull(table.archivedAt)));
}

async function methodsOf<View>(kind: MethodStore, enterpriseId: string): Promise<View[]> {
  const table = tableOf(kind);
  const rows = await getDb()
    .select(kind.columns)
    .from(table)
    .where(and(eq(table.enterpriseId, enterpriseId), isNull(table.archivedAt)))
    .orderBy(asc(table.createdAt), asc(table.name), asc(table.id))
    .limit(500);
  return rows as unknown as View[];
}

async function listMethods<View>(actor: Actor, kind: MethodStore, enterpriseId: string): Promise<View[]> {
  await ownerEnterprise(actor, enterpriseId, kind.record, "see");
  return methodsOf<View>(kind, enterpriseId);
}

export const createShippingMethod = (actor: Actor, enterpriseId: string, input: unknown, now = new Date()) =>
  createMethod(actor, shipping, enterpriseId, input, now);
export const updateShippingMethod = (actor: Actor, methodId: string, input: unknown) => updateMethod(actor, shipping, methodId, input);
export const archiveShippingMethod = (actor: Actor, methodId: string, now = new Date()) => archiveMethod(actor, shipping, methodId, now);
/** Live shipping methods of an enterprise, for its managers and partners. */
export const listShippingMethods = (actor: Actor, enterpriseId: string) => listMethods<ShippingMethodView>(actor, shipping, enterpriseId);

export const createPaymentMethod = (actor: Actor, enterpriseId: string, input: unknown, now = new Date()) =>
  createMethod(actor, payment, enterpriseId, input, now);
export const updatePaymentMethod = (actor: Actor, methodId: string, input: unknown) => updateMethod(actor, payment, methodId, input);
export const archivePaymentMethod = (actor: Actor, methodId: string, now = new Date()) => archiveMethod(actor, payment, methodId, now);
/** Live payment methods of an enterprise, for its managers and partners. */
export const listPaymentMethods = (actor: Actor, enterpriseId: string) => listMethods<PaymentMethodView>(actor, payment, enterpriseId);

/** The admin methods page: the enterprise's own managers only. */
export async function methodsPage(actor: Actor, enterpriseId: string) {
  const { enterprise } = await ownerEnterprise(actor, enterpriseId, "shippingMethod", "manage");
  const [shippingList, paymentList] = await Promise.all([
    methodsOf<ShippingMethodView>(shipping, enterpriseId),
    methodsOf<PaymentMethodView>(payment, enterpriseId),
  ]);
  return {
    enterprise: { id: enterprise.id, name: enterprise.name, sells: enterprise.kind !== "profile" },
    shipping: shippingList,
    payment: paymentList,
    cardPaymentsConfigured: cardPaymentsConfigured(),
  };
}
