// Opaque cursors of the product list: the sort key of the last row seen, base64url-encoded.
import { invalidField } from "#app/domain/errors";

export type ProductCursor = { sortName: string; id: string };

export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortName, cursor.id]), "utf8").toString("base64url");
}

/** The cursor a client sent back; a cursor we did not make is a validation error, never a 500. */
export function decodeProductCursor(value: string | null | undefined): ProductCursor | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  try {
    if (value.length > 2_000) throw new Error("too long");
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      return { sortName: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw invalidField("cursor", "invalid");
}

/** A LIKE pattern that matches `search` literally anywhere in a name. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
