// The orders feed (docs/domain.md 14, decision 0044): what another system polls to keep its copy of
// the orders in step. Orders the caller may see as a manager (access/scopes visibleOrders), cancelled
// ones with their state, the latest change first, a keyset page at a time: four queries whatever the
// page holds (the page, then its lines, adjustments and payments, each for all of its orders).
import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderAdjustments, orderLines, orders, payments } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { visibleOrders } from "#app/domain/access/scopes.server";
import { invalidField } from "#app/domain/errors";
import { decodeCursor, encodeCursor } from "#app/domain/paging";
import { orderJsonOf } from "./queries.server";

const ORDERS_FEED_PAGE_SIZE = 100;

export type OrdersFeedQuery = {
  orderCycleId?: string | null;
  distributorId?: string | null;
  /** An ISO 8601 instant: orders changed at or after it. */
  updatedSince?: string | null;
  externalId?: string | null;
  cursor?: string | null;
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ID = /^[A-Za-z0-9-]{1,64}$/;
// Microseconds, as Postgres keeps them: a JavaScript Date would round the key and skip or repeat rows.
const updatedKey = sql<string>`to_char(${orders.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function parseInstant(value: string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const instant = new Date(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(instant.getTime())) throw invalidField(field, "invalidDateTime");
  return instant;
}

function parseId(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (!ID.test(value)) throw invalidField(field, "invalid");
  return value;
}

/** Reads and checks the query first, so a bad parameter is named before anything is read. */
export function parseFeedQuery(query: OrdersFeedQuery) {
  const after = decodeCursor(query.cursor, 2);
  if (after && !(ISO_INSTANT.test(after[0]) && ID.test(after[1]))) throw invalidField("cursor", "invalid");
  const externalId = query.externalId?.trim();
  if (externalId && externalId.length > 100) throw invalidField("externalId", "tooLong", { max: 100 });
  return {
    orderCycleId: parseId(query.orderCycleId, "orderCycleId"),
    distributorId: parseId(query.distributorId, "distributorId"),
    updatedSince: parseInstant(query.updatedSince, "updatedSince"),
    externalId: externalId || undefined,
    after,
  };
}

/** The page's rows, one more than asked for. Exported for its query plan's test. */
export function ordersFeedStatement(actor: Pick<Actor, "enterpriseIds">, filters: ReturnType<typeof parseFeedQuery>, pageSize = ORDERS_FEED_PAGE_SIZE) {
  return getDb()
    .select({ order: orders, key: updatedKey })
    .from(orders)
    .where(
      and(
        visibleOrders(actor),
        filters.orderCycleId ? eq(orders.orderCycleId, filters.orderCycleId) : undefined,
        filters.distributorId ? eq(orders.distributorId, filters.distributorId) : undefined,
        filters.updatedSince ? gte(orders.updatedAt, filters.updatedSince) : undefined,
        filters.externalId ? eq(orders.externalId, filters.externalId) : undefined,
        filters.after ? sql`(${orders.updatedAt}, ${orders.id}) < (${filters.after[0]}::timestamptz, ${filters.after[1]})` : undefined,
      ),
    )
    .orderBy(desc(orders.updatedAt), desc(orders.id))
    .limit(pageSize + 1);
}

export async function ordersFeed(actor: Actor, query: OrdersFeedQuery, pageSize = ORDERS_FEED_PAGE_SIZE) {
  const filters = parseFeedQuery(query);
  const db = getDb();
  const rows = await ordersFeedStatement(actor, filters, pageSize);
  const page = rows.slice(0, pageSize);
  const ids = page.map((row) => row.order.id);
  const [lines, adjustments, records] = ids.length
    ? await Promise.all([
        db.select().from(orderLines).where(inArray(orderLines.orderId, ids)),
        db.select().from(orderAdjustments).where(inArray(orderAdjustments.orderId, ids)),
        db.select().from(payments).where(inArray(payments.orderId, ids)).orderBy(asc(payments.occurredAt), asc(payments.createdAt)),
      ])
    : [[], [], []];
  const byOrder = <T extends { orderId: string | null }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of list) if (row.orderId) (map.get(row.orderId) ?? map.set(row.orderId, []).get(row.orderId)!).push(row);
    return (orderId: string) => map.get(orderId) ?? [];
  };
  const [linesOf, adjustmentsOf, paymentsOf] = [byOrder(lines), byOrder(adjustments), byOrder(records)];
  const last = page[page.length - 1];
  return {
    items: page.map(({ order }) => ({
      ...orderJsonOf({ order, lines: linesOf(order.id), adjustments: adjustmentsOf(order.id), payments: paymentsOf(order.id) }),
      buyerName: order.buyerName,
      cancelledAt: order.cancelledAt?.toISOString() ?? null,
      updatedAt: order.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor([last.key, last.order.id]) : null,
  };
}
