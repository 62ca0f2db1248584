// Marketing consent of a distributor's customers (docs/domain.md 13, decision 0053): given at
// checkout, at sign-up or by the distributor, recorded with its time and source; withdrawn by the
// one-click unsubscribe link or by the distributor, at once. Transactional email needs none.
import { sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { readUnsubscribeToken } from "./unsubscribe-token.server";

/** Where a consent came from: the checkout box, the sign-up box, the distributor's list, a CSV import. */
export type ConsentSource = "checkout" | "signup" | "distributor" | "import";

/**
 * The customer (by email, in this shop's list) agrees to marketing email. An earlier consent keeps
 * its time and source; a customer not on the list yet joins it.
 */
export async function grantMarketingConsent(db: Executor, distributorId: string, email: string, source: ConsentSource, now: Date) {
  await db.execute(sql`
    insert into customers (id, distributor_id, email, marketing_consent_at, marketing_consent_source)
    values (gen_random_uuid()::text, ${distributorId}, ${email}, ${now.toISOString()}::timestamptz, ${source})
    on conflict (distributor_id, lower(email)) do update set
      marketing_consent_at = coalesce(customers.marketing_consent_at, excluded.marketing_consent_at),
      marketing_consent_source = coalesce(customers.marketing_consent_source, excluded.marketing_consent_source),
      updated_at = now()`);
}

/** The customer no longer wants marketing email: effective for every message not yet sent. */
export async function withdrawMarketingConsent(db: Executor, distributorId: string, email: string) {
  await db.execute(sql`
    update customers set marketing_consent_at = null, marketing_consent_source = null, updated_at = now()
    where distributor_id = ${distributorId} and lower(email) = lower(${email}) and marketing_consent_at is not null`);
}

export type UnsubscribeOutcome =
  /** Consent withdrawn now. */
  | "withdrawn"
  /** Nothing to withdraw: already unsubscribed (a second click, a second POST). */
  | "already"
  /** The link is from before a later opt-in: it withdraws nothing (a newer email has a newer link). */
  | "outdated";

export type UnsubscribeTarget = { shop: string; email: string; locale: string | null };

/** What a token names, without changing anything (the confirmation page); undefined for a forged or unknown one. */
export async function findUnsubscribeTarget(token: string, db: Executor = getDb()): Promise<(UnsubscribeTarget & { outcome: UnsubscribeOutcome }) | undefined> {
  const claim = readUnsubscribeToken(token);
  if (!claim) return undefined;
  const [row] = await db.execute<{ shop: string; email: string; locale: string | null; consent_ms: string | null }>(sql`
    select e.name as shop, c.email, u.locale, floor(extract(epoch from c.marketing_consent_at) * 1000)::bigint::text as consent_ms
    from customers c join enterprises e on e.id = c.distributor_id left join users u on u.id = c.user_id
    where c.id = ${claim.customerId}`);
  if (!row) return undefined;
  const outcome: UnsubscribeOutcome = row.consent_ms === null ? "already" : Number(row.consent_ms) === claim.consentAtMs ? "withdrawn" : "outdated";
  return { shop: row.shop, email: row.email, locale: row.locale, outcome };
}

/**
 * The one-click unsubscribe (RFC 8058): withdraws the consent the token was sent under, at once.
 * Idempotent: a second time answers "already". A forged token, or one naming a customer since
 * removed, changes nothing and answers undefined.
 */
export async function unsubscribeWithToken(token: string, db: Executor = getDb()): Promise<(UnsubscribeTarget & { outcome: UnsubscribeOutcome }) | undefined> {
  const claim = readUnsubscribeToken(token);
  if (!claim) return undefined;
  const [changed] = await db.execute<{ id: string }>(sql`
    update customers set marketing_consent_at = null, marketing_consent_source = null, updated_at = now()
    where id = ${claim.customerId} and floor(extract(epoch from marketing_consent_at) * 1000)::bigint = ${claim.consentAtMs}
    returning id`);
  const target = await findUnsubscribeTarget(token, db);
  if (!target) return undefined;
  return { ...target, outcome: changed ? "withdrawn" : target.outcome };
}

/** The shop a visitor signs up from (its page sent them to sign-up), when it is one: the sign-up box names it. */
export async function shopAskingConsent(distributorId: string | undefined, db: Executor = getDb()): Promise<{ id: string; name: string } | undefined> {
  if (!distributorId || distributorId.length > 64) return undefined;
  const [row] = await db.execute<{ id: string; name: string }>(sql`
    select id, name from enterprises where id = ${distributorId} and (kind = 'hub' or sells_own_products)`);
  return row;
}

/** The sign-up box ticked: the new account's email joins that shop's list, consenting (source "signup"). */
export async function consentAtSignUp(distributorId: string, email: string, now = new Date(), db: Executor = getDb()): Promise<void> {
  const shop = await shopAskingConsent(distributorId, db);
  if (shop) await grantMarketingConsent(db, shop.id, email, "signup", now);
}
