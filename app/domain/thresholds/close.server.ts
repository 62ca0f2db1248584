// The thresholds' policies at a cycle's close (docs/domain.md 12, decision 0049), inside the
// transaction that processes the close (notifications/closing.server): either the close moves once
// (an `extend` minimum short), or every threshold gets its outcome and the `cancel` ones short take
// their lines: a supplier's lines, or whole orders of a pickup point or of the cycle. Stock returns,
// card refunds are recorded pending with their jobs (Stripe is called after the commit with the
// refund's idempotency key, decision 0036), each buyer gets one email per order and each supplier
// whose minimum failed one "minimum not reached" email instead of its purchase order, all in the
// outbox of the same transaction. A crash rolls it all back; the next run decides again from scratch.
import { sql } from "drizzle-orm";
import { settings } from "#app/config/settings.server";
import { formatInstant } from "#app/i18n/format";
import { isLocale, type Locale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmails, type OutgoingEmail } from "#app/mail/outbox.server";
import { recordHistory } from "#app/domain/order-cycles/persist.server";
import { applyOrderAdjustmentsInBulk, cancelPlacedOrdersInBulk } from "#app/domain/orders/adjust-bulk.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { scheduleCycleClose } from "#app/domain/notifications/schedule.server";
import { emitWebhookEvents } from "#app/domain/webhooks/emit.server";
import type { Executor } from "#db/connection.server";
import { updateRows } from "#db/rows.server";
import { orderCycleThresholds } from "#db/schema";
import type { DigestMinimum } from "#emails/coordinator-digest";
import { renderCloseExtended, renderSupplierMinimumMissed, renderThresholdCancellation, type MissedMinimum } from "#emails/thresholds";
import { decideAtClose } from "./rules";
import { thresholdJson, thresholdsOfCycles, type ThresholdView } from "./queries.server";

export type ThresholdsAtClose =
  | { kind: "extended"; closesAt: Date }
  /** The suppliers that get "minimum not reached" instead of their purchase order; each threshold's outcome, for the coordinator's digest. */
  | { kind: "applied"; missedSupplierIds: Set<string>; outcomes: DigestMinimum[] };

const CANCEL_NOTE = "Minimum not reached";

type PlacedLine = {
  order_id: string;
  number: number;
  distributor_id: string;
  shipping_method_id: string | null;
  email: string;
  locale: string;
  shop_name: string;
  shop_email: string;
  time_zone: string;
  variant_id: string;
  supplier_id: string | null;
  quantity: number;
  product_name: string;
  variant_name: string;
};

/** Every line of the cycle's placed orders with its order's facts, in one query. */
async function placedLines(tx: Executor, cycleId: string): Promise<PlacedLine[]> {
  const rows = await tx.execute<PlacedLine>(sql`
    select o.id as order_id, o.number, o.distributor_id, o.shipping_method_id, o.email, o.locale, e.name as shop_name, e.email as shop_email,
           e.time_zone, ol.variant_id, ol.supplier_id, ol.quantity, ol.product_name, ol.variant_name
    from orders o join order_lines ol on ol.order_id = o.id join enterprises e on e.id = o.distributor_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed'
    order by o.id, ol.product_name, ol.variant_name`);
  return rows.map((row) => ({ ...row, number: Number(row.number), quantity: Number(row.quantity) }));
}

function groupByOrder(lines: readonly PlacedLine[]): Map<string, PlacedLine[]> {
  const byOrder = new Map<string, PlacedLine[]>();
  for (const line of lines) byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line]);
  return byOrder;
}

const localeOf = (value: string): Locale => (isLocale(value) ? value : "en");
const orderUrl = (orderId: string) => `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}?key=${orderAccessKey(orderId)}`;
const asMissed = (view: ThresholdView): MissedMinimum => ({
  scope: view.scope,
  label: view.label,
  measure: view.measure,
  minimum: view.minimum,
  valueAtClose: view.currentValue,
});

/** The cycle's enterprises, who hear of its thresholds' outcomes (as they hear of its close). */
const cycleAudience = (cycleId: string) => sql`select coordinator_id from order_cycles where id = ${cycleId}
  union select supplier_id from incoming_exchanges where order_cycle_id = ${cycleId}
  union select distributor_id from outgoing_exchanges where order_cycle_id = ${cycleId}`;

/**
 * Applies the policies of the cycle's thresholds not yet applied, at the close being processed.
 * Each threshold is applied once: its outcome is written in this transaction, and an outcome other
 * than `extended` is never decided again.
 */
export async function applyThresholdsAtClose(tx: Executor, cycleId: string, closesAt: Date, now: Date): Promise<ThresholdsAtClose> {
  const all = await thresholdsOfCycles([cycleId], { db: tx });
  const pending = all.filter((threshold) => threshold.outcome === null || threshold.outcome === "extended");
  if (pending.length === 0) return { kind: "applied", missedSupplierIds: new Set(), outcomes: [] };
  const decision = decideAtClose(
    pending.map((threshold) => ({ id: threshold.id, policy: threshold.policy, extendDays: threshold.extendDays, reached: threshold.reached })),
    all.some((threshold) => threshold.extendedOnce),
  );
  const [cycle] = await tx.execute<{ name: string; coordinator_name: string; coordinator_email: string; coordinator_zone: string }>(sql`
    select c.name, e.name as coordinator_name, e.email as coordinator_email, e.time_zone as coordinator_zone
    from order_cycles c join enterprises e on e.id = c.coordinator_id where c.id = ${cycleId}`);

  if (decision.kind === "extend") {
    const newClose = new Date(closesAt.getTime() + decision.days * 86_400_000);
    await tx.execute(
      sql`update order_cycles set closes_at = closes_at + make_interval(days => ${decision.days}), updated_at = ${now.toISOString()} where id = ${cycleId}`,
    );
    const extended = pending.filter((threshold) => decision.extendedIds.includes(threshold.id));
    await updateRows(
      tx,
      orderCycleThresholds,
      "id",
      extended.map((threshold) => ({ id: threshold.id, outcome: "extended", extendedOnce: true, valueAtClose: threshold.currentValue, appliedAt: now })),
    );
    await recordHistory(tx, cycleId, null, "close_extended", { days: decision.days, from: closesAt.toISOString(), thresholdIds: decision.extendedIds });
    await scheduleCycleClose(tx, cycleId, newClose, now);
    // Every buyer with a placed order: once per order for this close.
    const orders = groupByOrder(await placedLines(tx, cycleId));
    const messages: OutgoingEmail[] = [...orders.values()].map((lines) => {
      const order = lines[0];
      const locale = localeOf(order.locale);
      return {
        idempotencyKey: `threshold-extended:${order.order_id}:${closesAt.toISOString()}`,
        kind: "threshold_extended",
        cycleId,
        orderId: order.order_id,
        to: order.email,
        replyTo: order.shop_email,
        ...renderCloseExtended(
          {
            locale,
            shopName: order.shop_name,
            cycleName: cycle.name,
            number: String(order.number),
            minimums: extended.map(asMissed),
            newClose: formatInstant(newClose, order.time_zone, locale),
            shopUrl: `${settings().appUrl.replace(/\/$/, "")}/shop/${order.distributor_id}`,
          },
          emailTranslator(locale),
        ),
      };
    });
    await enqueueEmails(messages, tx);
    return { kind: "extended", closesAt: newClose };
  }

  // Outcomes, judged on what was ordered at the close (before any cancellation below).
  const outcomeOf = (threshold: ThresholdView) => decision.outcomes.get(threshold.id)!;
  await updateRows(
    tx,
    orderCycleThresholds,
    "id",
    pending.map((threshold) => ({ id: threshold.id, outcome: outcomeOf(threshold), valueAtClose: threshold.currentValue, appliedAt: now })),
  );
  const cancelled = pending.filter((threshold) => outcomeOf(threshold) === "cancelled");
  await recordHistory(tx, cycleId, null, "thresholds_applied", {
    reached: pending.filter((threshold) => outcomeOf(threshold) === "reached").length,
    proceeded: pending.filter((threshold) => outcomeOf(threshold) === "proceeded").length,
    cancelled: cancelled.length,
  });

  const missedSupplierIds = new Set<string>();
  if (cancelled.length > 0) await cancelForThresholds(tx, cycleId, closesAt, now, cancelled, cycle.name, missedSupplierIds);
  const suppliers = cancelled.some((threshold) => threshold.scope === "cycle")
    ? await tx.execute<{ id: string; name: string; email: string; locale: string }>(sql`
        select e.id, e.name, e.email, e.locale from incoming_exchanges x join enterprises e on e.id = x.supplier_id where x.order_cycle_id = ${cycleId}`)
    : missedSupplierIds.size > 0
      ? await tx.execute<{ id: string; name: string; email: string; locale: string }>(sql`
          select id, name, email, locale from enterprises where id in (${sql.join(
            [...missedSupplierIds].map((id) => sql`${id}`),
            sql`, `,
          )})`)
      : [];
  const cycleMinimum = cancelled.find((threshold) => threshold.scope === "cycle");
  const messages: OutgoingEmail[] = suppliers.map((supplier) => {
    missedSupplierIds.add(supplier.id);
    const locale = localeOf(supplier.locale);
    const minimum = cancelled.find((threshold) => threshold.scope === "supplier" && threshold.supplierId === supplier.id) ?? cycleMinimum!;
    return {
      idempotencyKey: `threshold-missed:${cycleId}:${supplier.id}:${closesAt.toISOString()}`,
      kind: "threshold_missed_supplier",
      cycleId,
      supplierId: supplier.id,
      to: supplier.email,
      replyTo: cycle.coordinator_email,
      ...renderSupplierMinimumMissed(
        { locale, supplierName: supplier.name, coordinatorName: cycle.coordinator_name, cycleName: cycle.name, minimum: asMissed(minimum) },
        emailTranslator(locale),
      ),
    };
  });
  await enqueueEmails(messages, tx);

  // threshold.reached / threshold.missed for other systems, as GET /order-cycles/:id/thresholds answers after the close.
  // Read once, and only when an endpoint listens: counting the thresholds again is as costly as at the start.
  let after: Promise<Map<string, ThresholdView>> | undefined;
  const afterClose = () => (after ??= thresholdsOfCycles([cycleId], { db: tx }).then((views) => new Map(views.map((threshold) => [threshold.id, threshold]))));
  for (const type of ["threshold.reached", "threshold.missed"] as const) {
    const events = pending
      .filter((threshold) => (outcomeOf(threshold) === "reached") === (type === "threshold.reached"))
      .map((threshold) => ({ at: now, data: async () => ({ orderCycleId: cycleId, ...thresholdJson((await afterClose()).get(threshold.id)!) }) }));
    await emitWebhookEvents(tx, { type, enterpriseIds: cycleAudience(cycleId) }, events);
  }
  return { kind: "applied", missedSupplierIds, outcomes: pending.map((threshold) => ({ ...asMissed(threshold), outcome: outcomeOf(threshold) })) };
}

/**
 * The lines the cancelled thresholds cover go: the orders left with none are cancelled whole, the
 * others lose those lines, all in bulk (decision 0057) with the same pricing, refunds and events as
 * one order's cancellation or adjustment; each buyer is told once, by this email.
 */
async function cancelForThresholds(
  tx: Executor,
  cycleId: string,
  closesAt: Date,
  now: Date,
  cancelled: readonly ThresholdView[],
  cycleName: string,
  missedSupplierIds: Set<string>,
) {
  const supplierMinimums = new Map(cancelled.filter((t) => t.scope === "supplier").map((t) => [t.supplierId!, t]));
  for (const supplierId of supplierMinimums.keys()) missedSupplierIds.add(supplierId);
  const cycleMinimum = cancelled.find((t) => t.scope === "cycle");
  const pickupMinimums = cancelled.filter((t) => t.scope === "shipping_method");
  const affected = [...groupByOrder(await placedLines(tx, cycleId))].flatMap(([orderId, lines]) => {
    const order = lines[0];
    const pickup = pickupMinimums.find((t) => t.distributorId === order.distributor_id && t.shippingMethodId === order.shipping_method_id);
    const wholeBy = cycleMinimum ?? pickup;
    const taken = wholeBy ? lines : lines.filter((line) => line.supplier_id !== null && supplierMinimums.has(line.supplier_id));
    if (taken.length === 0) return [];
    const minimums = wholeBy ? [wholeBy] : [...new Set(taken.map((line) => supplierMinimums.get(line.supplier_id!)!))];
    return [{ orderId, order, taken, wholeOrder: taken.length === lines.length, minimums }];
  });
  const whole = await cancelPlacedOrdersInBulk(tx, {
    orderIds: affected.filter((entry) => entry.wholeOrder).map((entry) => entry.orderId),
    now,
    refundNote: CANCEL_NOTE,
  });
  // Through the order adjustment's rules: re-priced as at checkout, in the order's history (told by this email), a card-paid excess refunded.
  const adjusted = await applyOrderAdjustmentsInBulk(tx, {
    orderCycleId: cycleId,
    adjustments: affected
      .filter((entry) => !entry.wholeOrder)
      .map((entry) => ({ orderId: entry.orderId, changes: entry.taken.map((line) => ({ variantId: line.variant_id, quantity: 0 })) })),
    actor: { userId: null, enterpriseId: null, source: "staff" },
    note: CANCEL_NOTE,
    now,
    told: true,
  });
  const messages: OutgoingEmail[] = affected.map(({ orderId, order, taken, wholeOrder, minimums }) => {
    const locale = localeOf(order.locale);
    const result = wholeOrder ? { afterTotalCents: 0, refundCents: whole.get(orderId)?.refundCents ?? 0 } : adjusted.get(orderId)!;
    return {
      idempotencyKey: `threshold-cancelled:${orderId}:${closesAt.toISOString()}`,
      kind: "threshold_cancelled",
      cycleId,
      orderId,
      to: order.email,
      replyTo: order.shop_email,
      ...renderThresholdCancellation(
        {
          locale,
          shopName: order.shop_name,
          cycleName,
          number: String(order.number),
          minimums: minimums.map(asMissed),
          wholeOrder,
          lines: taken.map((line) => ({ productName: line.product_name, variantName: line.variant_name, quantity: line.quantity })),
          totalCents: result.afterTotalCents,
          refundCents: result.refundCents,
          orderUrl: orderUrl(orderId),
        },
        emailTranslator(locale),
      ),
    };
  });
  await enqueueEmails(messages, tx);
}
