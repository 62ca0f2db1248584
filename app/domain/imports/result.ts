// What an import answers (docs/api.md POST /enterprises/:id/imports/*), the same for products and customers.
import { byRow, type ImportError } from "./table";

/** A few of the rows that would change (or did), for the preview to show before applying. */
export type SampleChange = { row: number; action: "create" | "update"; label: string };

export type ImportResult = {
  dryRun: boolean;
  /** Rows that made (or would make) a new record; 0 when any row failed. */
  created: number;
  /** Rows that changed (or would change) an existing record; 0 when any row failed. */
  updated: number;
  /** Rows whose record already says what the row says. */
  unchanged: number;
  errors: ImportError[];
  sample: SampleChange[];
};

export const SAMPLE_SIZE = 20;

/** Rows of an import written per statement: one jsonb parameter each, well inside Postgres' limits. */
const WRITE_CHUNK = 5_000;

export function chunks<T>(items: readonly T[], size = WRITE_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The answer when any row failed: the errors, in row order, and nothing counted as written. */
export function failed(dryRun: boolean, errors: ImportError[]): ImportResult {
  return { dryRun, created: 0, updated: 0, unchanged: 0, errors: byRow(errors), sample: [] };
}
