// The edge of CSV imports and exports: a CSV body read within its limit, an import's answer with each
// row's reason in the reader's language (and a stable code), and a CSV download.
import { DomainError } from "#app/domain/errors";
import type { ImportResult } from "#app/domain/imports/result";
import type { ImportError } from "#app/domain/imports/table";
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { readBodyWithin } from "./body.server";

/** The largest CSV an import reads (50,000 rows of products are about 4 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A `text/csv` (or `text/plain`) body of at most MAX_IMPORT_BYTES, as bytes (their encoding is the import's to find). */
export async function readCsvBody(request: Request): Promise<Uint8Array> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) throw new DomainError("malformed");
  return readBodyWithin(request, MAX_IMPORT_BYTES);
}

export type TranslatedImportError = { row: number; column: string | null; code: string; message: string };

/** Each row's reason in the reader's language; `code` is the key's last part ("notAPrice"), the same whatever the language. */
export function translateImportErrors(errors: readonly ImportError[], locale: Locale): TranslatedImportError[] {
  const t = translator(locale, ["catalogue", "errors"]);
  return errors.map((error) => ({
    row: error.row,
    column: error.column,
    code: error.key.split(".").pop()!,
    message: t(error.key, error.values ?? {}),
  }));
}

export function importResultJson(result: ImportResult, locale: Locale) {
  return { ...result, errors: translateImportErrors(result.errors, locale) };
}

/** A CSV download: UTF-8 with a byte order mark, so spreadsheets read accents right (the import drops it). */
export function csvDownload(text: string, filename: string): Response {
  return new Response(`\uFEFF${text}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
