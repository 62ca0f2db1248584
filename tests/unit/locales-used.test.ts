// Every literal translation key the pages and emails use exists (in English; parity covers French).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resources } from "#app/i18n/resources";

const root = path.resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(tsx?|mjs)$/.test(name) ? [full] : [];
  });
}

function flatten(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
}

const known = new Set<string>();
for (const [namespace, tree] of Object.entries(resources.en)) {
  for (const key of flatten(tree)) {
    const base = key.replace(/_(zero|one|two|few|many|other)$/, "");
    known.add(base);
    known.add(`${namespace}:${base}`);
  }
}

describe("translation keys in the code", () => {
  it("all exist", () => {
    const missing: string[] = [];
    for (const file of [...files(path.join(root, "app")), ...files(path.join(root, "emails"))]) {
      const source = readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\(\s*"([a-zA-Z]+:)?([a-zA-Z][\w-]*(?:\.[\w-]+)+|[a-zA-Z][\w-]*)"/g)) {
        const key = `${match[1] ?? ""}${match[2]}`;
        if (!known.has(key)) missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
