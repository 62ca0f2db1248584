// A distributor's customer list: buyers who ordered, and people the distributor added, with tags.
import { randomUUID } from "node:crypto";
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { customers, enterprises, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownerEnterprise } from "#app/domain/access/owned.server";
import { normaliseTags } from "#app/domain/order-cycles/exchange-updates";
import { containsPattern, decodeCursor, encodeCursor } from "#app/domain/paging";
import { parseWith } from "#app/domain/validation";
import { externalIdSearch } from "#app/domain/external-ids/rules";
import { customerConsentSchema, customerSchema } from "./customer-schema";
import { grantMarketingConsent, withdrawMarketingConsent } from "#app/domain/marketing/consent.server";

function textArray(values: string[]) {
  return values.length
    ? sql`array[${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
}

async function ensureDistributorManager(actor: Actor, distributorId: string) {
  return (await ownerEnterprise(actor, distributorId, "customer", "manage")).enterprise;
}

/** Creates or updates a customer's tags, and their marketing consent when given (docs/api.md PUT /enterprises/:id/customers/:email). */
export async function putCustomer(actor: Actor, distributorId: string, input: unknown, now = new Date()) {
  // Access first: someone who may not manage this shop learns nothing from a validation error.
  await ensureDistributorManager(actor, distributorId);
  const data = parseWith(customerSchema, input);
  const tags = normaliseTags(data.tags);
  return getDb().transaction(async (tx) => {
    // The unique index is on lower(email), which drizzle's conflict target cannot name.
    const [row] = await tx.execute<{ id: string; email: string; name: string; tags: string[]; externalId: string | null }>(sql`
      insert into customers (id, distributor_id, email, name, tags, external_id)
      values (${randomUUID()}, ${distributorId}, ${data.email}, ${data.name ?? ""}, ${textArray(tags)}, ${data.externalId ?? null})
      on conflict (distributor_id, lower(email)) do update set
        tags = excluded.tags,
        name = ${data.name !== undefined ? sql`excluded.name` : sql`customers.name`},
        external_id = ${data.externalId !== undefined ? sql`excluded.external_id` : sql`customers.external_id`},
        updated_at = now()
      returning id, email, name, tags, external_id as "externalId"`);
    if (data.marketingConsent !== undefined) await writeConsent(tx, distributorId, row.email, data.marketingConsent, now);
    const [consent] = await tx.select({ at: customers.marketingConsentAt }).from(customers).where(eq(customers.id, row.id));
    return { id: row.id, email: row.email, name: row.name, tags: row.tags, externalId: row.externalId, marketingConsent: consent?.at != null };
  });
}

function writeConsent(tx: Executor, distributorId: string, email: string, consent: boolean, now: Date) {
  return consent ? grantMarketingConsent(tx, distributorId, email, "distributor", now) : withdrawMarketingConsent(tx, distributorId, email);
}

/**
 * The distributor records or withdraws a customer's consent to marketing email from its list (the
 * customers page): a customer who told the shop in person, or asked to hear no more.
 */
export async function setCustomerConsent(actor: Actor, distributorId: string, input: unknown, now = new Date()): Promise<boolean> {
  await ensureDistributorManager(actor, distributorId);
  const data = parseWith(customerConsentSchema, input);
  return getDb().transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.distributorId, distributorId), sql`lower(${customers.email}) = ${data.email}`));
    if (!existing) return false;
    await writeConsent(tx, distributorId, data.email, data.marketingConsent, now);
    return true;
  });
}

/** Removes one customer of the shop, named by id (the page) or email (the API, case-insensitively); false when there was none. Their orders stay. */
export async function removeCustomer(actor: Actor, distributorId: string, which: { id: string } | { email: string }): Promise<boolean> {
  await ensureDistributorManager(actor, distributorId);
  const match = "id" in which ? eq(customers.id, which.id) : sql`lower(${customers.email}) = lower(${which.email})`;
  const deleted = await getDb()
    .delete(customers)
    .where(and(match, eq(customers.distributorId, distributorId)))
    .returning({ id: customers.id });
  return deleted.length > 0;
}

/** A page of the customer list, a hundred by default (up to 500), by name then email. */
const CUSTOMERS_PAGE_SIZE = 100;

export async function listCustomers(
  actor: Actor,
  distributorId: string,
  options: { search?: string; externalId?: string | null; cursor?: string | null; limit?: number } = {},
) {
  const enterprise = await ensureDistributorManager(actor, distributorId);
  const search = options.search?.trim();
  const externalId = externalIdSearch(options.externalId);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? CUSTOMERS_PAGE_SIZE), 1), 500);
  const after = decodeCursor(options.cursor, 3);
  // Searched literally: a % or _ typed by the manager is not a wildcard.
  const pattern = search ? containsPattern(search) : "";
  const sortName = sql<string>`lower(${customers.name})`;
  const sortEmail = sql<string>`lower(${customers.email})`;
  const rows = await getDb()
    .select({
      id: customers.id,
      email: customers.email,
      name: customers.name,
      tags: customers.tags,
      externalId: customers.externalId,
      marketingConsentAt: customers.marketingConsentAt,
      marketingConsentSource: customers.marketingConsentSource,
      // Qualified by hand: inside a subquery drizzle would leave these columns ambiguous.
      orderCount: sql<number>`(select count(*)::int from ${orders} o where o.distributor_id = customers.distributor_id and lower(o.email) = lower(customers.email) and o.state = 'placed')`,
      sortName,
      sortEmail,
    })
    .from(customers)
    .where(
      and(
        eq(customers.distributorId, distributorId),
        search ? or(ilike(customers.email, pattern), ilike(customers.name, pattern)) : undefined,
        externalId ? eq(customers.externalId, externalId) : undefined,
        after ? sql`(${sortName}, ${sortEmail}, ${customers.id}) > (${after[0]}, ${after[1]}, ${after[2]})` : undefined,
      ),
    )
    .orderBy(asc(sortName), asc(sortEmail), asc(customers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  // Consent dates are read in the shop's own zone.
  const [zone] = await getDb().select({ timeZone: enterprises.timeZone }).from(enterprises).where(eq(enterprises.id, distributorId));
  return {
    enterpriseName: enterprise.name,
    timeZone: zone?.timeZone ?? "UTC",
    items: page.map(({ sortName: _name, sortEmail: _email, ...customer }) => ({ ...customer, marketingConsent: customer.marketingConsentAt !== null })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortName, last.sortEmail, last.id]) : null,
  };
}

export type Customer = { userId: string | null; email: string; name: string; phone?: string };

/** A buyer who orders joins the distributor's customer list, or refreshes their entry there. */
export async function rememberCustomer(tx: Executor, distributorId: string, customer: Customer) {
  // The unique index is on lower(email), which drizzle's conflict target cannot name.
  await tx.execute(sql`
    insert into customers (id, distributor_id, email, name, phone, user_id)
    values (${randomUUID()}, ${distributorId}, ${customer.email}, ${customer.name}, ${customer.phone ?? ""}, ${customer.userId})
    on conflict (distributor_id, lower(email)) do update set
      -- A name or phone the distributor keeps (or an earlier order gave) stays: the order has its own copy.
      name = case when customers.name = '' then excluded.name else customers.name end,
      phone = case when customers.phone = '' then excluded.phone else customers.phone end,
      user_id = coalesce(customers.user_id, excluded.user_id),
      updated_at = now()`);
}
