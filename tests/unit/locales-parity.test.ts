// Every string exists in English and French, with the same {{placeholders}}, and none is empty.
import { describe, expect, it } from "vitest";
import { namespaces } from "#app/i18n/config";
import { resources } from "#app/i18n/resources";

function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === "string") out.set(prefix, value);
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) for (const [k, v] of flatten(inner, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}

/** Plural forms (_one, _other, _many…) differ by language; compare their base keys. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)]
    .map((match) => match[1])
    .filter((name) => name !== "count")
    .sort();

describe("translations", () => {
  for (const namespace of namespaces) {
    it(`${namespace}: the same keys and placeholders in en and fr, none empty`, () => {
      const en = flatten(resources.en[namespace]);
      const fr = flatten(resources.fr[namespace]);
      expect([...new Set([...fr.keys()].map(base))].sort()).toEqual([...new Set([...en.keys()].map(base))].sort());
      for (const [key, text] of [...en, ...fr]) expect(text.trim(), `${namespace}:${key}`).not.toBe("");
      const frByBase = new Map([...fr].map(([key, text]) => [base(key), text]));
      for (const [key, text] of en) {
        const other = frByBase.get(base(key));
        if (other !== undefined) expect(placeholders(other), `${namespace}:${key}`).toEqual(placeholders(text));
      }
    });
  }
});
