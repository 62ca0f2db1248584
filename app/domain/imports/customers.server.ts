// Importing and exporting a distributor's customers as CSV (docs/api.md, decision 0045): matched by
// email (any case) to the customer list read in one query, written by batched upserts in one
// transaction, every row or none. Consent given by an import is recorded as coming from it.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { getDb, type Executor } from "#db/connection.server";
import type { Actor } from "#app/domain/actor";
import { importOwner } from "#app/domain/access/owned.server";
import { inertCell } from "#app/domain/csv";
import { customerColumns, readCustomersCsv, type CustomerRow } from "./customers";
import { chunks, failed, SAMPLE_SIZE, type ImportResult, type SampleChange } from "./result";

type ExistingCustomer = { email: string; name: string; phone: string; tags: string[]; consented: boolean };

async function loadCustomers(db: Executor, distributorId: string): Promise<Map<string, ExistingCustomer>> {
  const rows = await db.execute<ExistingCustomer>(sql`
    select lower(email) as email, name, phone, tags, marketing_consent_at is not null as consented
    from customers where distributor_id = ${distributorId}`);
  return new Map([...rows].map((row) => [row.email, row]));
}

/** Tags compared as sets: the file's are normalised and sorted, the stored ones may be in any order. */
function sameTags(fromFile: readonly string[], stored: readonly string[]): boolean {
  const sorted = [...stored].sort();
  return fromFile.length === sorted.length && fromFile.every((tag, index) => tag === sorted[index]);
}

function changes(row: CustomerRow, existing: ExistingCustomer): boolean {
  return (
    (row.name !== undefined && row.name !== existing.name) ||
    (row.phone !== undefined && row.phone !== existing.phone) ||
    (row.tags !== undefined && !sameTags(row.tags, existing.tags)) ||
    (row.marketingConsent !== undefined && row.marketingConsent !== existing.consented)
  );
}

/**
 * One upsert per chunk. A column the file does not have leaves the customer's own; consent "yes"
 * keeps an earlier consent (its date and source), "no" clears it, an empty cell leaves it.
 */
async function writeCustomers(tx: Executor, distributorId: string, rows: readonly CustomerRow[], columns: ReadonlySet<string>) {
  const keep = (column: string, value: ReturnType<typeof sql>, own: ReturnType<typeof sql>) => (columns.has(column) ? value : own);
  for (const chunk of chunks(rows)) {
    const records = chunk.map((row) => ({
      id: randomUUID(),
      email: row.email,
      name: row.name ?? "",
      phone: row.phone ?? "",
      tags: row.tags ?? [],
      consent: row.marketingConsent === undefined ? null : row.marketingConsent,
    }));
    // The unique index is on lower(email), which drizzle's conflict target cannot name.
    await tx.execute(sql`
      insert into customers (id, distributor_id, email, name, phone, tags, marketing_consent_at, marketing_consent_source)
      select d.id, ${distributorId}, d.email, d.name, d.phone, array(select jsonb_array_elements_text(d.tags)),
        case when d.consent then now() end, case when d.consent then 'import' end
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as d(id text, email text, name text, phone text, tags jsonb, consent boolean)
      on conflict (distributor_id, lower(email)) do update set
        name = ${keep("name", sql`excluded.name`, sql`customers.name`)},
        phone = ${keep("phone", sql`excluded.phone`, sql`customers.phone`)},
        tags = ${keep("tags", sql`excluded.tags`, sql`customers.tags`)},
        marketing_consent_at = case
          when excluded.marketing_consent_source is not null then coalesce(customers.marketing_consent_at, excluded.marketing_consent_at)
          else customers.marketing_consent_at end,
        marketing_consent_source = case
          when excluded.marketing_consent_source is not null then coalesce(customers.marketing_consent_source, excluded.marketing_consent_source)
          else customers.marketing_consent_source end,
        updated_at = now()`);
    // "no" clears a consent: the upsert above cannot tell "no" from an empty cell, so it is said here.
    const refused = chunk.filter((row) => row.marketingConsent === false).map((row) => row.email);
    if (refused.length > 0) {
      await tx.execute(sql`
        update customers set marketing_consent_at = null, marketing_consent_source = null, updated_at = now()
        where distributor_id = ${distributorId} and lower(email) = any(${sql.param(refused)}::text[]) and marketing_consent_at is not null`);
    }
  }
}

/** POST /enterprises/:id/imports/customers: like the products import, matched by email. */
export async function importCustomers(actor: Actor, distributorId: string, input: Uint8Array | string, { dryRun }: { dryRun: boolean }): Promise<ImportResult> {
  await importOwner(actor, distributorId, "customers");
  const { customers, columns, errors } = readCustomersCsv(input);
  if (errors.length > 0) return failed(dryRun, errors);
  return getDb().transaction(async (tx) => {
    if (!dryRun) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`imports:customers:${distributorId}`}, 0))`);
    const existing = await loadCustomers(tx, distributorId);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const sample: SampleChange[] = [];
    const writes: CustomerRow[] = [];
    for (const row of customers) {
      const current = existing.get(row.email);
      const action = !current ? "create" : changes(row, current) ? "update" : undefined;
      if (!action) {
        unchanged += 1;
        continue;
      }
      if (action === "create") created += 1;
      else updated += 1;
      writes.push(row);
      if (sample.length < SAMPLE_SIZE) sample.push({ row: row.row, action, label: row.name ? `${row.name} <${row.email}>` : row.email });
    }
    if (!dryRun) await writeCustomers(tx, distributorId, writes, new Set(columns));
    return { dryRun, created, updated, unchanged, errors: [], sample };
  });
}

/** GET /enterprises/:id/customers.csv: the distributor's customers in the import's columns; formula cells made inert. */
export async function exportCustomersCsv(actor: Actor, distributorId: string): Promise<string> {
  await importOwner(actor, distributorId, "customers");
  const rows = await getDb().execute<{ email: string; name: string; phone: string; tags: string[]; consented: boolean }>(sql`
    select email, name, phone, tags, marketing_consent_at is not null as consented
    from customers where distributor_id = ${distributorId} order by lower(email), id`);
  return stringify(
    [
      [...customerColumns.all],
      ...[...rows].map((row) => [inertCell(row.email), inertCell(row.name), inertCell(row.phone), inertCell(row.tags.join(";")), row.consented ? "yes" : "no"]),
    ],
    { record_delimiter: "\r\n" },
  );
}
