/// <reference types="vite/client" />
// docs/quality.md R4: every API endpoint fed malformed, oversized and hostile input never answers 500,
// and a refused request changes nothing. Bodies, ids and query strings come from fast-check.
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { callRoute } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

type RouteModule = Parameters<typeof callRoute>[0];
const modules = import.meta.glob<RouteModule>("../../app/routes/api.v1.*.ts", { eager: true });

let w: CoopPlus;
let ids: string[];

beforeAll(async () => {
  w = await coopPlus();
  const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  ids = [cycleId, w.hub.id, w.supplierA.id, w.distributor.id, w.variants.a[0], w.fees.hub.id, w.methods.distributor.shipping.id, w.methods.distributor.payment.id];
});

/** Path parameters named in the file name, e.g. api.v1.orders.$orderId.ts -> ["orderId"]. */
function paramNames(file: string): string[] {
  return [...file.matchAll(/\$([A-Za-z]+)/g)].map((match) => match[1]);
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("", " ", "null", "undefined", "../../etc/passwd", "'; drop table orders; --", "<script>alert(1)</script>", "%00", "\u0000", "😀".repeat(50), "9".repeat(400), "a".repeat(20_000)),
);

const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom("name", "email", "lines", "variantIds", "feeIds", "quantity", "priceCents", "closesAt", "opensAt", "tags", "permissions", "calculator", "coordinatorId", "distributorId", "orderCycleId", "kind", "stock", "password", "readyFor", "automaticNotifications"),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileString, fc.integer(), fc.double(), fc.array(hostileString, { maxLength: 5 })),
    { maxKeys: 6 },
  ),
  hostileString.map((text) => ({ raw: text })),
);

async function fingerprint(): Promise<string> {
  const [row] = await getDb().execute<{ sum: string }>(sql`
    select concat_ws(',',
      (select count(*) from enterprises), (select count(*) from products), (select count(*) from variants),
      (select coalesce(sum(stock), 0) from variants), (select count(*) from orders), (select count(*) from order_lines),
      (select count(*) from order_cycles), (select count(*) from incoming_exchanges), (select count(*) from outgoing_exchanges),
      (select count(*) from enterprise_fees), (select count(*) from enterprise_permissions), (select count(*) from customers),
      (select count(*) from outbox_emails), (select max(updated_at)::text from order_cycles), (select max(updated_at)::text from enterprises)) as sum`);
  return row.sum;
}

describe("R4: the API under hostile input", () => {
  for (const [file, route] of Object.entries(modules)) {
    const name = file.split("/").pop()!.replace(/\.ts$/, "");
    test(`${name} never answers 500 and refusals change nothing`, async () => {
      const params = paramNames(name);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
          fc.record(Object.fromEntries(params.map((param) => [param, fc.oneof(fc.constantFrom(...ids), hostileString)]))) as fc.Arbitrary<Record<string, string>>,
          fc.oneof(body, fc.constant(undefined)),
          fc.boolean(),
          fc.constantFrom("", "?q=%27", "?cursor=-1", "?cursor=abc", "?format=csv", "?state=everything&includeClosedDays=99999999", "?page=99999999999"),
          async (method, values, payload, signedIn, query) => {
            const handler = method === "GET" ? route.loader : route.action;
            if (!handler) return;
            const raw = payload && typeof payload === "object" && "raw" in (payload as object) ? String((payload as { raw: string }).raw) : undefined;
            const before = await fingerprint();
            const response = await callRoute(route, {
              method,
              path: `/api/v1/fuzz${query}`,
              params: values,
              token: signedIn ? w.people.hub.token : undefined,
              body: method === "GET" ? undefined : (raw ?? payload ?? undefined),
              headers: raw !== undefined ? { "Content-Type": "application/json" } : undefined,
            });
            expect(response.status, `${method} ${name} ${JSON.stringify(values)} ${JSON.stringify(payload)?.slice(0, 200)}`).toBeLessThan(500);
            if (response.status >= 400) expect(await fingerprint()).toBe(before);
          },
        ),
        { numRuns: 60 },
      );
    }, 120_000);
  }
});
