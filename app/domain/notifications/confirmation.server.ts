// Producer confirmation (docs/domain.md section 8, decisions 0032 and 0035): through its signed
// link or the API, a supplier says what it will deliver; a shortage lowers the orders placed last
// first, each through the one order adjustment (history, re-pricing, buyer email, refunds), and
// the coordinator is told, all in one transaction.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { settings } from "#app/config/settings.server";
import { canConfirmSupplierDelivery } from "#app/domain/access/cycle-rules";
import { cycleForActor } from "#app/domain/access/cycle.server";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { recordHistory } from "#app/domain/order-cycles/persist.server";
import { applyOrderAdjustment } from "#app/domain/orders/adjust.server";
import { parseWith } from "#app/domain/validation";
import { isLocale, type Locale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises, orderCycles, supplierConfirmationLines, supplierConfirmations } from "#db/schema";
import { renderSupplierConfirmation } from "#emails/supplier-confirmation";
import { supplierSnapshot } from "./amendment";
import { soldLines, suppliersToTell } from "./closing.server";
import { checkStatement, confirmationSchema, mergeStatement, shortLines, statementState, type StatedLine } from "./confirmation";
import { lockSupplierNotice, storeSupplierSnapshot } from "./notices.server";
import { allocateShortagesInFull, orderedByVariant, takesByOrder, type OrderedLine } from "./shortage";
import { readSupplierLinkToken, type SupplierLinkClaims } from "./supplier-link.server";

/** Who states: the holder of a signed link (no login), or a signed-in manager through the API. */
export type ConfirmationDoor = { link: string } | { actor: Actor; cycleId: string; supplierId: string };

export type ConfirmationResult = {
  state: "confirmed" | "short";
  shortages: { variantId: string; orderedQuantity: number; deliverQuantity: number }[];
};

export type LinkVerdict = { ok: true; claims: SupplierLinkClaims } | { ok: false; reason: "invalid" | "expired" | "replaced" };

/**
 * Whether a link still answers. A newer notification wins over expiry ("replaced" tells the
 * producer where to look); a token this instance did not sign, or for a notice that no longer
 * exists, is "invalid".
 */
export async function checkSupplierLink(token: string, now: Date, db: Executor = getDb(), lock = false): Promise<LinkVerdict> {
  const claims = readSupplierLinkToken(token);
  if (!claims) return { ok: false, reason: "invalid" };
  const notice = lock
    ? await lockSupplierNotice(db, claims.cycleId, claims.supplierId)
    : (
        await db.execute<{ generation: number }>(
          sql`select generation from supplier_notices where order_cycle_id = ${claims.cycleId} and supplier_id = ${claims.supplierId}`,
        )
      )[0];
  if (!notice) return { ok: false, reason: "invalid" };
  if (Number(notice.generation) !== claims.generation) return { ok: false, reason: Number(notice.generation) > claims.generation ? "replaced" : "invalid" };
  if (claims.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

/** The cycle's placed order lines of this supplier, as the orders hold them now. */
async function orderedLines(tx: Executor, cycleId: string, supplierId: string): Promise<(OrderedLine & { productName: string; variantName: string })[]> {
  const rows = await tx.execute<{
    order_id: string;
    number: number;
    placed_at: Date | string;
    variant_id: string;
    quantity: number;
    unit_price_cents: number;
    product_name: string;
    variant_name: string;
  }>(sql`
    select o.id as order_id, o.number, coalesce(o.placed_at, o.created_at) as placed_at, ol.variant_id, ol.quantity, ol.unit_price_cents,
           ol.product_name, ol.variant_name
    from order_lines ol join orders o on o.id = ol.order_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed' and ol.supplier_id = ${supplierId}`);
  return rows.map((row) => ({
    orderId: row.order_id,
    orderNumber: Number(row.number),
    placedAt: new Date(row.placed_at),
    variantId: row.variant_id,
    quantity: Number(row.quantity),
    unitPriceCents: Number(row.unit_price_cents),
    productName: row.product_name,
    variantName: row.variant_name,
  }));
}

async function previousStatement(tx: Executor, cycleId: string, supplierId: string) {
  const [row] = await tx
    .select()
    .from(supplierConfirmations)
    .where(and(eq(supplierConfirmations.orderCycleId, cycleId), eq(supplierConfirmations.supplierId, supplierId)));
  if (!row) return { row: undefined, lines: [] as StatedLine[] };
  const lines = await tx
    .select({
      variantId: supplierConfirmationLines.variantId,
      orderedQuantity: supplierConfirmationLines.orderedQuantity,
      deliverQuantity: supplierConfirmationLines.deliverQuantity,
    })
    .from(supplierConfirmationLines)
    .where(eq(supplierConfirmationLines.confirmationId, row.id));
  return { row, lines };
}

/** Resolves who states for which cycle and supplier, with the supplier's notice locked; refuses what the door may not do. */
async function openDoor(tx: Executor, door: ConfirmationDoor, now: Date) {
  if ("link" in door) {
    const verdict = await checkSupplierLink(door.link, now, tx, true);
    // The page tells expired from replaced before it shows a form; a form sent after that is refused the same way.
    if (!verdict.ok) throw new DomainError(verdict.reason === "invalid" ? "not_found" : "conflict", {}, { reason: verdict.reason });
    return { cycleId: verdict.claims.cycleId, supplierId: verdict.claims.supplierId, userId: null };
  }
  const { roles } = await cycleForActor(door.actor, door.cycleId, { db: tx });
  const suppliers = await suppliersToTell(tx, door.cycleId);
  if (!suppliers.some((supplier) => supplier.id === door.supplierId)) throw new DomainError("not_found");
  if (!canConfirmSupplierDelivery(roles, door.supplierId)) throw new DomainError("forbidden");
  await lockSupplierNotice(tx, door.cycleId, door.supplierId);
  return { cycleId: door.cycleId, supplierId: door.supplierId, userId: door.actor.userId };
}

export async function confirmSupplierDelivery(door: ConfirmationDoor, rawInput: unknown, now = new Date()): Promise<ConfirmationResult> {
  const input = parseWith(confirmationSchema, rawInput);
  return getDb().transaction(async (tx) => {
    const { cycleId, supplierId, userId } = await openDoor(tx, door, now);
    // One statement at a time per supplier, with or without a notice row to lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`supplier-confirmation:${cycleId}:${supplierId}`}, 0))`);
    // The orders holding this supplier's lines stay as read until the shortage is taken (locked in id order, as other multi-order writers do).
    await tx.execute(sql`
      select o.id from orders o
      where o.order_cycle_id = ${cycleId} and o.state = 'placed'
        and exists (select 1 from order_lines ol where ol.order_id = o.id and ol.supplier_id = ${supplierId})
      order by o.id
      for update`);
    const lines = await orderedLines(tx, cycleId, supplierId);
    const ordered = orderedByVariant(lines);
    checkStatement(input, ordered);

    // The shortage: orders placed last give up their lines first, each through the order adjustment.
    const lineCounts = await tx.execute<{ order_id: string; lines: number }>(sql`
      select ol.order_id, count(*)::int as lines from order_lines ol
      where ol.order_id in (select distinct x.order_id from order_lines x join orders o on o.id = x.order_id
                            where o.order_cycle_id = ${cycleId} and o.state = 'placed' and x.supplier_id = ${supplierId})
      group by ol.order_id`);
    const { takes, uncovered } = allocateShortagesInFull(
      lines,
      new Map(input.lines.map((line) => [line.variantId, line.deliverQuantity])),
      new Map(lineCounts.map((row) => [row.order_id, Number(row.lines)])),
    );
    const note = input.note ?? "";
    const parties = await cycleParties(tx, cycleId, supplierId);
    // The order's history says who took what and why, in the coordinator's language.
    const historyNote = emailTranslator(parties.locale)(
      note ? "notifications:confirmationEmail.historyNoteWith" : "notifications:confirmationEmail.historyNote",
      {
        producer: parties.producerName,
        note,
      },
    );
    for (const order of takesByOrder(takes)) {
      await applyOrderAdjustment(tx, {
        orderId: order.orderId,
        actor: { userId, enterpriseId: supplierId, source: "producer" },
        changes: order.changes,
        note: historyNote,
        now,
      });
    }

    const previous = await previousStatement(tx, cycleId, supplierId);
    const stated = mergeStatement(input, ordered, previous.lines);
    const state = statementState(stated);
    const [saved] = await tx
      .insert(supplierConfirmations)
      .values({ orderCycleId: cycleId, supplierId, state, note, confirmedAt: now, confirmedByUserId: userId })
      .onConflictDoUpdate({
        target: [supplierConfirmations.orderCycleId, supplierConfirmations.supplierId],
        set: { state, note, confirmedAt: now, confirmedByUserId: userId },
      })
      .returning({ id: supplierConfirmations.id });
    await tx.delete(supplierConfirmationLines).where(eq(supplierConfirmationLines.confirmationId, saved.id));
    if (stated.length > 0) await tx.insert(supplierConfirmationLines).values(stated.map((line) => ({ confirmationId: saved.id, ...line })));

    // The producer knows what it now brings: its snapshot follows, so no amendment repeats its own shortage.
    if (takes.length > 0) await storeSupplierSnapshot(tx, cycleId, supplierId, supplierSnapshot(await soldLines(tx, cycleId), supplierId), now);

    const shortages = shortLines(stated);
    await recordHistory(tx, cycleId, userId, "supplier_confirmed", {
      supplierId,
      state,
      shortages: shortages.length,
      ordersLowered: takesByOrder(takes).length,
    });
    const names = new Map(lines.map((line) => [line.variantId, `${line.productName} (${line.variantName})`]));
    await tellCoordinator(tx, parties, {
      cycleId,
      supplierId,
      state,
      note,
      shortages: shortages.map((line) => ({
        product: names.get(line.variantId) ?? line.variantId,
        ordered: line.orderedQuantity,
        deliver: line.deliverQuantity,
      })),
      uncovered: uncovered.map((left) => ({
        product: names.get(left.variantId) ?? left.variantId,
        quantity: left.quantity,
        orders: left.orderNumbers.join(", "),
      })),
      lowered: takes.map((take) => ({
        orderNumber: take.orderNumber,
        product: names.get(take.variantId) ?? take.variantId,
        before: take.before,
        after: take.after,
      })),
    });
    return { state, shortages };
  });
}

/** The cycle's name and coordinator (its language for emails and notes), and the supplier's name. */
async function cycleParties(tx: Executor, cycleId: string, supplierId: string) {
  const [cycle] = await tx
    .select({ name: orderCycles.name, coordinatorName: enterprises.name, coordinatorEmail: enterprises.email, coordinatorLocale: enterprises.locale })
    .from(orderCycles)
    .innerJoin(enterprises, eq(enterprises.id, orderCycles.coordinatorId))
    .where(eq(orderCycles.id, cycleId));
  const [supplier] = await tx.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, supplierId));
  const locale: Locale = isLocale(cycle.coordinatorLocale) ? cycle.coordinatorLocale : "en";
  return { ...cycle, producerName: supplier.name, locale };
}

async function tellCoordinator(
  tx: Executor,
  parties: Awaited<ReturnType<typeof cycleParties>>,
  facts: {
    cycleId: string;
    supplierId: string;
    state: "confirmed" | "short";
    note: string;
    shortages: { product: string; ordered: number; deliver: number }[];
    lowered: { orderNumber: number; product: string; before: number; after: number }[];
    uncovered: { product: string; quantity: number; orders: string }[];
  },
) {
  const { locale } = parties;
  const rendered = renderSupplierConfirmation(
    {
      locale,
      cycleName: parties.name,
      coordinatorName: parties.coordinatorName,
      producerName: parties.producerName,
      state: facts.state,
      shortages: facts.shortages,
      lowered: facts.lowered,
      uncovered: facts.uncovered,
      note: facts.note,
      notificationsUrl: `${settings().appUrl}/admin/order-cycles/${facts.cycleId}/notifications`,
    },
    emailTranslator(locale),
  );
  await enqueueEmail(
    {
      idempotencyKey: `supplier-confirmation:${facts.cycleId}:${facts.supplierId}:${randomUUID()}`,
      kind: "supplier_confirmation",
      cycleId: facts.cycleId,
      supplierId: facts.supplierId,
      to: parties.coordinatorEmail,
      ...rendered,
    },
    tx,
  );
}

export type ConfirmationPage =
  | { ok: false; reason: "invalid" | "expired" | "replaced"; locale: Locale | null; coordinatorName: string | null }
  | {
      ok: true;
      locale: Locale;
      cycleName: string;
      coordinatorName: string;
      producerName: string;
      timeZone: string;
      lines: { variantId: string; productName: string; variantName: string; ordered: number }[];
      previous: { state: "confirmed" | "short"; confirmedAt: Date; note: string; lines: StatedLine[] } | null;
    };

/** What the link's page shows: the producer's ordered variants and its earlier answer, or why the link no longer answers. */
export async function confirmationPage(token: string, now = new Date()): Promise<ConfirmationPage> {
  const db = getDb();
  const verdict = await checkSupplierLink(token, now, db);
  if (!verdict.ok) {
    // An expired or replaced link was genuine: its producer reads the refusal in its own language.
    const claims = verdict.reason === "invalid" ? null : readSupplierLinkToken(token);
    const facts = claims ? await partiesOf(db, claims.cycleId, claims.supplierId) : null;
    return { ok: false, reason: verdict.reason, locale: facts?.locale ?? null, coordinatorName: facts?.coordinatorName ?? null };
  }
  const { cycleId, supplierId } = verdict.claims;
  const facts = (await partiesOf(db, cycleId, supplierId))!;
  const lines = await orderedLines(db, cycleId, supplierId);
  const ordered = orderedByVariant(lines);
  const byVariant = new Map(lines.map((line) => [line.variantId, line]));
  const previous = await previousStatement(db, cycleId, supplierId);
  return {
    ok: true,
    ...facts,
    lines: [...ordered.entries()]
      .map(([variantId, quantity]) => ({
        variantId,
        productName: byVariant.get(variantId)!.productName,
        variantName: byVariant.get(variantId)!.variantName,
        ordered: quantity,
      }))
      .sort((a, b) => a.productName.localeCompare(b.productName) || a.variantName.localeCompare(b.variantName)),
    previous: previous.row
      ? { state: previous.row.state as "confirmed" | "short", confirmedAt: previous.row.confirmedAt, note: previous.row.note, lines: previous.lines }
      : null,
  };
}

async function partiesOf(db: Executor, cycleId: string, supplierId: string) {
  const [row] = await db.execute<{ cycle_name: string; coordinator_name: string; producer_name: string; locale: string; time_zone: string }>(sql`
    select c.name as cycle_name, co.name as coordinator_name, s.name as producer_name, s.locale, co.time_zone
    from order_cycles c join enterprises co on co.id = c.coordinator_id, enterprises s
    where c.id = ${cycleId} and s.id = ${supplierId}`);
  if (!row) return null;
  return {
    cycleName: row.cycle_name,
    coordinatorName: row.coordinator_name,
    producerName: row.producer_name,
    timeZone: row.time_zone,
    locale: (isLocale(row.locale) ? row.locale : "en") as Locale,
  };
}

export type SupplierConfirmationStatus = {
  state: "confirmed" | "short";
  confirmedAt: Date;
  note: string;
  byLink: boolean;
  shortages: { productName: string; variantName: string; orderedQuantity: number; deliverQuantity: number }[];
};

/** Each supplier's latest statement for the cycle, for the notifications step (its caller checked access). */
export async function supplierConfirmationStatuses(cycleId: string, db: Executor = getDb()): Promise<Map<string, SupplierConfirmationStatus>> {
  const rows = await db.execute<{
    supplier_id: string;
    state: string;
    confirmed_at: Date | string;
    note: string;
    confirmed_by_user_id: string | null;
    lines: { variantId: string; orderedQuantity: number; deliverQuantity: number; productName: string | null; variantName: string | null }[] | null;
  }>(sql`
    select c.supplier_id, c.state, c.confirmed_at, c.note, c.confirmed_by_user_id,
      (select json_agg(json_build_object('variantId', l.variant_id, 'orderedQuantity', l.ordered_quantity, 'deliverQuantity', l.deliver_quantity,
              'productName', p.name, 'variantName', v.name) order by p.name, v.name)
       from supplier_confirmation_lines l join variants v on v.id = l.variant_id join products p on p.id = v.product_id
       where l.confirmation_id = c.id and l.deliver_quantity < l.ordered_quantity) as lines
    from supplier_confirmations c where c.order_cycle_id = ${cycleId}`);
  return new Map(
    rows.map((row) => [
      row.supplier_id,
      {
        state: row.state as "confirmed" | "short",
        confirmedAt: new Date(row.confirmed_at),
        note: row.note,
        byLink: row.confirmed_by_user_id === null,
        shortages: (row.lines ?? []).map((line) => ({
          productName: line.productName ?? "",
          variantName: line.variantName ?? "",
          orderedQuantity: Number(line.orderedQuantity),
          deliverQuantity: Number(line.deliverQuantity),
        })),
      },
    ]),
  );
}
