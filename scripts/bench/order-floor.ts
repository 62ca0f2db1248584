// P3's floor (docs/quality.md): the bare minimal order transaction, driven from the bench process
// at P3's concurrency on the same database, for P3's checkout to be compared with. Each order is one
// conditional stock UPDATE of its four lines, one order INSERT, one multi-row lines INSERT, one
// outbox INSERT with its job, one commit, each statement awaited in turn. It writes to throwaway
// variants and a job no worker runs, and removes everything it wrote, so later figures see none of it.
import { randomUUID } from "node:crypto";
import postgres from "postgres";

export type FloorResult = { ordersPerSecond: number; orders: number; errors: number };

type Shop = { distributorId: string; orderCycleId: string; shippingMethodId: string; paymentMethodId: string; variantIds: readonly string[] };

/** A task name no worker has: its jobs are written as a delivery's are, and never run. */
const FLOOR_TASK = "bench_order_floor";
const LINES = 4;

export async function orderFloor(databaseUrl: string, shop: Shop, options: { concurrency: number; seconds: number }): Promise<FloorResult> {
  const sql = postgres(databaseUrl, { max: options.concurrency, onnotice: () => {} });
  const runId = randomUUID().slice(0, 8);
  try {
    // Copies of the shop's variants with stock that never runs out, a set of four per worker so
    // that, as in P3, no two orders in flight share a variant.
    const copies = await sql<{ id: string }[]>`
      insert into variants (id, product_id, name, price_cents, stock)
      select 'floor-' || ${runId} || '-' || n, v.product_id, v.name, v.price_cents, 1000000000
      from generate_series(0, ${options.concurrency * LINES - 1}) as n
      join variants v on v.id = (${shop.variantIds as string[]}::text[])[1 + n % ${shop.variantIds.length}]
      returning id`;
    const ids = copies.map((row) => row.id).sort();
    let orders = 0;
    let errors = 0;
    const until = performance.now() + options.seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, worker) => {
        const variantIds = ids.slice(worker * LINES, worker * LINES + LINES);
        const quantities = variantIds.map((_, k) => 1 + (k % 2));
        while (performance.now() < until) {
          try {
            await placeBareOrder(sql, shop, variantIds, quantities);
            orders += 1;
          } catch (error) {
            errors += 1;
            if (errors === 1) console.error(`order floor: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }),
    );
    const ordersPerSecond = orders / ((performance.now() - started) / 1000);
    await sql.begin(async (tx) => {
      await tx`select graphile_worker.complete_jobs(array(select id from graphile_worker.jobs where task_identifier = ${FLOOR_TASK}))`;
      await tx`delete from outbox_emails where kind = ${FLOOR_TASK}`;
      await tx`delete from orders where id in (select order_id from order_lines where variant_id = any(${ids}))`;
      await tx`delete from variants where id = any(${ids})`;
    });
    return { ordersPerSecond, orders, errors };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function placeBareOrder(sql: postgres.Sql, shop: Shop, variantIds: string[], quantities: number[]) {
  const orderId = randomUUID();
  const outboxId = randomUUID();
  await sql.begin(async (tx) => {
    const taken = await tx`
      update variants v set stock = v.stock - w.quantity
      from unnest(${variantIds}::text[], ${quantities}::int[]) as w(id, quantity)
      where v.id = w.id and v.stock >= w.quantity
      returning v.id`;
    if (taken.length !== variantIds.length) throw new Error("order floor: out of stock");
    const [order] = await tx<{ number: number }[]>`
      insert into orders (id, order_cycle_id, distributor_id, email, state, shipping_method_id, payment_method_id, placed_at, items_total_cents, total_cents)
      values (${orderId}, ${shop.orderCycleId}, ${shop.distributorId}, ${`floor-${orderId}@bench.test`}, 'placed', ${shop.shippingMethodId}, ${shop.paymentMethodId}, now(), 600, 600)
      returning number`;
    await tx`
      insert into order_lines (id, order_id, variant_id, quantity, unit_price_cents, total_cents)
      select gen_random_uuid()::text, ${orderId}, w.id, w.quantity, 100, 100 * w.quantity
      from unnest(${variantIds}::text[], ${quantities}::int[]) as w(id, quantity)`;
    await tx`
      with row as (
        insert into outbox_emails (id, idempotency_key, kind, order_id, to_address, subject, html, text)
        values (${outboxId}, ${`floor:${orderId}`}, ${FLOOR_TASK}, ${orderId}, ${`floor-${orderId}@bench.test`}, ${`Order ${order.number}`}, '', '')
        returning id
      )
      select row.id from row, lateral graphile_worker.add_job(${FLOOR_TASK}, json_build_object('outboxId', row.id), job_key => 'floor:' || row.id) as job`;
  });
}
