// Keyset paging shared by the lists that page (products, customers): an opaque cursor holding the
// sort key of the last row seen, base64url-encoded; and literal LIKE patterns for their searches.
import { invalidField } from "#app/domain/errors";

/** The cursor after a row: its sort key, as strings, ending with its id. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/** The sort key a client sent back; a cursor we did not make (or of another list) is a validation error, never a 500. */
export function decodeCursor(value: string | null | undefined, parts: number): string[] | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  try {
    if (value.length > 2_000) throw new Error("too long");
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === parts && parsed.every((part) => typeof part === "string")) return parsed;
  } catch {
    // fall through
  }
  throw invalidField("cursor", "invalid");
}

/** A LIKE pattern that matches `search` literally anywhere in a name. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
