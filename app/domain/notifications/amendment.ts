// What a supplier must bring, per variant, and what changed since it was last told (docs/domain.md
// section 8, amendments): pure. The snapshot is stored when an email is sent; an amendment lists
// only the variants whose quantity or amount differs, with the new totals.
import type { SupplierSnapshot } from "#db/schema";
import type { SoldLine } from "./producer-report";

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

export function supplierSnapshot(lines: readonly SoldLine[], supplierId: string): SupplierSnapshot {
  const byVariant = new Map<string, SupplierSnapshot["lines"][number]>();
  for (const line of lines) {
    if (line.supplierId !== supplierId) continue;
    const row = byVariant.get(line.variantId) ?? {
      variantId: line.variantId,
      productName: line.productName,
      variantName: line.variantName,
      quantity: 0,
      totalCents: 0,
    };
    row.quantity += line.quantity;
    row.totalCents += line.quantity * line.supplierPriceCents;
    byVariant.set(line.variantId, row);
  }
  const rows = [...byVariant.values()]
    .filter((row) => row.quantity > 0)
    .sort((a, b) => collator.compare(a.productName, b.productName) || collator.compare(a.variantName, b.variantName) || (a.variantId < b.variantId ? -1 : 1));
  return {
    lines: rows,
    quantity: rows.reduce((sum, row) => sum + row.quantity, 0),
    totalCents: rows.reduce((sum, row) => sum + row.totalCents, 0),
  };
}

export type AmendedLine = {
  variantId: string;
  productName: string;
  variantName: string;
  beforeQuantity: number;
  afterQuantity: number;
  beforeCents: number;
  afterCents: number;
};

/** The variants whose quantity or amount changed, in the snapshot's order (a variant gone shows 0 after). */
export function snapshotChanges(before: SupplierSnapshot, after: SupplierSnapshot): AmendedLine[] {
  const old = new Map(before.lines.map((line) => [line.variantId, line]));
  const now = new Map(after.lines.map((line) => [line.variantId, line]));
  const ids = [...new Set([...after.lines.map((line) => line.variantId), ...before.lines.map((line) => line.variantId)])];
  const changed: AmendedLine[] = [];
  for (const variantId of ids) {
    const a = old.get(variantId);
    const b = now.get(variantId);
    const line = (b ?? a)!;
    const entry = {
      variantId,
      productName: line.productName,
      variantName: line.variantName,
      beforeQuantity: a?.quantity ?? 0,
      afterQuantity: b?.quantity ?? 0,
      beforeCents: a?.totalCents ?? 0,
      afterCents: b?.totalCents ?? 0,
    };
    if (entry.beforeQuantity !== entry.afterQuantity || entry.beforeCents !== entry.afterCents) changed.push(entry);
  }
  return changed.sort((x, y) => collator.compare(x.productName, y.productName) || collator.compare(x.variantName, y.variantName));
}
