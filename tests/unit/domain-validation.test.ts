// The field errors of parseWith: a missing field is "required", a field of the wrong type is "invalidType".
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";

const schema = z.object({
  name: z.string().trim().min(1),
  priceCents: z.int().min(0),
  stock: z.int().nullable(),
  isOpen: z.boolean().optional(),
  variants: z.array(z.object({ priceCents: z.int() })).optional(),
});

function fieldKeys(input: unknown): Record<string, string> {
  try {
    parseWith(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("validation_failed");
    return Object.fromEntries(Object.entries((error as DomainError).fields).map(([name, field]) => [name, field.key]));
  }
  throw new Error("expected a validation failure");
}

describe("parseWith field errors", () => {
  it("reports a value of the wrong type as invalid, not as required", () => {
    expect(fieldKeys({ name: 42, priceCents: "4.50", stock: "lots", isOpen: "yes" })).toEqual({
      name: "invalidType",
      priceCents: "invalidType",
      stock: "invalidType",
      isOpen: "invalidType",
    });
  });

  it("reports the wrong type inside a list at the item's path", () => {
    expect(fieldKeys({ name: "Carrots", priceCents: 100, stock: null, variants: [{ priceCents: 1 }, { priceCents: "x" }] })).toEqual({
      "variants.1.priceCents": "invalidType",
    });
  });

  it("still reports an absent or null field as required, and an empty text as required", () => {
    expect(fieldKeys({ name: "", priceCents: null })).toEqual({ name: "required", priceCents: "required", stock: "required" });
  });

  it("answers the parsed data when the input is valid", () => {
    expect(parseWith(schema, { name: " Carrots ", priceCents: 250, stock: null })).toEqual({ name: "Carrots", priceCents: 250, stock: null });
  });
});
