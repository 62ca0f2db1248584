// Counts attempts per key in a sliding window, in Postgres so every app instance shares the count.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { rateLimitHits } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { settings } from "#app/config/settings.server";

export type Limit = { bucket: string; max: number; windowMs: number };

export function signupLimit(): Limit {
  return { bucket: "signup_ip", max: settings().signupsPerIpPerHour, windowMs: 60 * 60 * 1000 };
}

export function loginFailureLimit(kind: "ip" | "email"): Limit {
  return { bucket: `login_failure_${kind}`, max: settings().loginFailuresPer15Min, windowMs: 15 * 60 * 1000 };
}

async function countHits(limit: Limit, key: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - limit.windowMs);
  const [row] = await getDb()
    .select({ total: sql<number>`coalesce(sum(${rateLimitHits.weight}), 0)::int` })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, limit.bucket), eq(rateLimitHits.key, key), gte(rateLimitHits.at, since)));
  return row?.total ?? 0;
}

export async function assertUnderLimit(limit: Limit, key: string, now = new Date()) {
  if ((await countHits(limit, key, now)) >= limit.max) throw new DomainError("rate_limited");
}

export async function recordHit(limit: Limit, key: string) {
  await getDb().insert(rateLimitHits).values({ bucket: limit.bucket, key });
  // Keep the ledger small: old hits of this bucket are of no use.
  await getDb()
    .delete(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, limit.bucket), lt(rateLimitHits.at, new Date(Date.now() - 24 * 60 * 60 * 1000))));
}

export async function clearHits(limit: Limit, key: string) {
  await getDb()
    .delete(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, limit.bucket), eq(rateLimitHits.key, key)));
}

/**
 * The client's address, as the web server (scripts/serve.mjs) wrote it over whatever the client
 * sent: the socket's, or X-Forwarded-For's first hop when TRUST_PROXY says a proxy sets it.
 */
export function clientAddress(request: Request): string {
  return request.headers.get("X-Circuit-Client-Address") ?? "local";
}
