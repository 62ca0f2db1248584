// Reading an imported CSV file into rows of named cells, with no database: the bytes decoded (UTF-8,
// or Latin-1 when they are not valid UTF-8), the byte order mark dropped, the separator (`,` or `;`)
// read from the header line, the columns checked against the import's list (docs/api.md, decision 0045).
import { parse } from "csv-parse/sync";

/**
 * One refused cell (or row, or the header: row 0), with the reason as a translation key under
 * `catalogue:imports.errors` or `errors:fields` (the namespace is part of the key) and its values.
 */
export type ImportError = { row: number; column: string | null; key: string; values?: Record<string, string | number> };

export type ImportColumns = { all: readonly string[]; required: readonly string[] };

/** A data row: counted from 1 after the header, its cells by column name (absent columns absent). */
type TableRow = { row: number; cells: Record<string, string> };

export type Table = { columns: string[]; rows: TableRow[]; errors: ImportError[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/**
 * What "Latin-1" files really are, windows-1252: ISO-8859-1 plus €, Œ, œ and the typographic quotes
 * and dashes at 0x80–0x9F (the five bytes it leaves undefined stay as they are). Node's decoder reads
 * the "windows-1252" label as plain ISO-8859-1, so those bytes are mapped here.
 */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]);
}

/** The file's text: UTF-8 when its bytes are valid UTF-8, Latin-1 otherwise; a leading BOM dropped. */
export function decodeCsv(input: Uint8Array | string): string {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      text = decodeWindows1252(input);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `;` when the header line holds more semicolons than commas (outside quotes), `,` otherwise. */
export function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char === ",") commas += 1;
    else if (!quoted && char === ";") semicolons += 1;
  }
  return semicolons > commas ? ";" : ",";
}

/** Header names compared loosely: case, surrounding spaces and spaces for underscores do not matter. */
function columnName(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, "_");
}

function parseRecords(text: string, delimiter: string): { records: string[][]; error?: ImportError } {
  try {
    const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    return { records };
  } catch (error) {
    // csv-parse names the record it stopped at (1 = the header); what came before is still read.
    const { code, records: count } = error as { code?: string; records?: number };
    const row = Math.max(typeof count === "number" ? count : 0, 0);
    const key = code === "CSV_QUOTE_NOT_CLOSED" ? "unclosedQuote" : "unreadable";
    const before = (() => {
      try {
        return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, to: Math.max(row, 1) }) as string[][];
      } catch {
        return [];
      }
    })();
    return { records: before, error: { row, column: null, key: `catalogue:imports.errors.${key}` } };
  }
}

/**
 * The file as rows of cells named by its header. Unknown or repeated columns and missing required
 * ones are errors at row 0 (and the rows are not read); a row with more or fewer cells than the header is an error at that row
 * (and is not read further). Cells are kept as written: trimming is each column's business.
 */
export function readTable(input: Uint8Array | string, columns: ImportColumns): Table {
  const text = decodeCsv(input);
  const errors: ImportError[] = [];
  if (text.trim() === "") return { columns: [], rows: [], errors: [{ row: 0, column: null, key: "catalogue:imports.errors.empty" }] };
  const { records, error } = parseRecords(text, detectDelimiter(text));
  const [header = [], ...data] = records;
  const names = header.map(columnName);
  const known = new Set(columns.all);
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.has(name))
      errors.push({ row: 0, column: name, key: "catalogue:imports.errors.unknownColumn", values: { column: name, known: columns.all.join(", ") } });
    else if (seen.has(name)) errors.push({ row: 0, column: name, key: "catalogue:imports.errors.repeatedColumn", values: { column: name } });
    seen.add(name);
  }
  for (const name of columns.required) {
    if (!seen.has(name)) errors.push({ row: 0, column: name, key: "catalogue:imports.errors.missingColumn", values: { column: name } });
  }
  // With the header wrong, every row would repeat it: the header's errors are the ones to fix.
  if (errors.length > 0) return { columns: [], rows: [], errors };
  const rows: TableRow[] = [];
  data.forEach((record, index) => {
    const row = index + 1;
    if (record.length !== names.length) {
      errors.push({ row, column: null, key: "catalogue:imports.errors.cellCount", values: { found: record.length, expected: names.length } });
      return;
    }
    const cells: Record<string, string> = {};
    names.forEach((name, position) => {
      if (known.has(name)) cells[name] ??= record[position];
    });
    rows.push({ row, cells });
  });
  if (error) errors.push(error);
  return { columns: names.filter((name) => known.has(name)), rows, errors };
}

/** Errors in row order (the header's first), each row's in column order as found: sort is stable. */
export function byRow(errors: readonly ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.row - b.row);
}
