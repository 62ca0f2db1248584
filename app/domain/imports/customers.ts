// The customers CSV without a database: its columns and each row read into a customer, with the
// shop's own rules for an email and tags (app/domain/shop/customers.server's schema), not a copy.
import { normaliseTags } from "#app/domain/order-cycles/exchange-updates";
import { customerSchema } from "#app/domain/shop/customer-schema";
import { byRow, readTable, type ImportColumns, type ImportError } from "./table";
import { accept, refuse, throughSchema, yesNo, type Read } from "./values";

export const customerColumns = {
  all: ["email", "name", "phone", "tags", "marketing_consent"],
  required: ["email"],
} as const satisfies ImportColumns;

/** A field is undefined when its column is absent, or (consent) its cell empty: the customer keeps their own. */
export type CustomerRow = {
  row: number;
  /** Lower-cased, as customers are matched. */
  email: string;
  name?: string;
  phone?: string;
  tags?: string[];
  marketingConsent?: boolean;
};

const PHONE = /^\+?[0-9 ().\-/]{0,40}$/;

/**
 * A phone number as written, spaces and all. A leading apostrophe is dropped: it is how a
 * spreadsheet (and Circuit's own export) keeps "+33 …" from being read as a formula.
 */
function phoneFrom(cell: string | undefined): Read<string> {
  const value = (cell ?? "").trim().replace(/^'(?=\+)/, "");
  if (value.length > 40) return refuse("errors:fields.tooLong", { max: 40 });
  if (!PHONE.test(value)) return refuse("catalogue:imports.errors.notAPhone", { value });
  return accept(value);
}

/** Tags separated by `;`, held to the rule every customer's tags follow. */
function tagsFrom(cell: string | undefined): Read<string[]> {
  const tags = (cell ?? "")
    .split(";")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const read = throughSchema(customerSchema.shape.tags, tags);
  return read.ok ? accept(normaliseTags(read.value)) : read;
}

/** Every row read, with every refusal found without the customer list (a bad cell, an email twice). */
export function readCustomersCsv(input: Uint8Array | string): { customers: CustomerRow[]; columns: string[]; errors: ImportError[] } {
  const table = readTable(input, customerColumns);
  const errors = [...table.errors];
  const customers: CustomerRow[] = [];
  const emails = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const has = (column: string) => column in cells;
    const reads = {
      email: throughSchema(customerSchema.shape.email, cells.email ?? ""),
      name: has("name") ? throughSchema(customerSchema.shape.name, cells.name) : accept(undefined),
      phone: has("phone") ? phoneFrom(cells.phone) : accept(undefined),
      tags: has("tags") ? tagsFrom(cells.tags) : accept(undefined),
      marketing_consent: yesNo(cells.marketing_consent),
    };
    let failed = false;
    for (const [column, read] of Object.entries(reads)) {
      if (!read.ok) {
        errors.push({ row, column, ...read.reason });
        failed = true;
      }
    }
    if (failed) continue;
    const value = <T>(read: Read<T>) => (read as { value: T }).value;
    const email = value(reads.email);
    const first = emails.get(email);
    if (first !== undefined) {
      errors.push({ row, column: "email", key: "catalogue:imports.errors.repeatedRow", values: { row: first } });
      continue;
    }
    emails.set(email, row);
    customers.push({
      row,
      email,
      name: value(reads.name) ?? (has("name") ? "" : undefined),
      phone: value(reads.phone),
      tags: value(reads.tags),
      marketingConsent: value(reads.marketing_consent),
    });
  }
  return { customers, columns: table.columns, errors: byRow(errors) };
}
