// What each producer must bring for a closed cycle: pure shaping of the cycle's placed order
// lines into one report per supplier (docs/domain.md section 6). Amounts are the supplier's prices,
// tax included, as snapshotted on each line when the buyer ordered.
import { includedTax } from "#app/domain/fees/pricing";

export type SoldLine = {
  supplierId: string;
  distributorId: string;
  variantId: string;
  productName: string;
  variantName: string;
  quantity: number;
  supplierPriceCents: number;
  taxRateBasisPoints: number;
  orderNumber: number;
  /** As the buyer typed it; empty when they gave none (a supplier is never shown the email instead). */
  buyerName: string;
};

export type Outlet = { distributorId: string; distributorName: string; readyFor: string; readyOn: string | null };

export type ProductRow = { productName: string; variantName: string; unitPriceCents: number; quantity: number; subtotalCents: number; taxCents: number };

type BuyerRow = { buyerName: string; orderNumber: number; distributorName: string; productName: string; variantName: string; quantity: number };

export type ProducerReport = {
  supplierId: string;
  outlets: Outlet[];
  products: ProductRow[];
  byDistributor: { outlet: Outlet; products: ProductRow[]; totalCents: number; taxCents: number }[];
  /** Present only when the coordinator lets suppliers see buyer names. */
  buyers?: BuyerRow[];
  totalCents: number;
  taxCents: number;
  quantity: number;
};

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** One row per variant and unit price: the same product sold at two prices gives two rows. */
function productRows(lines: readonly SoldLine[]): ProductRow[] {
  const rows = new Map<string, ProductRow & { taxRateBasisPoints: number }>();
  for (const line of lines) {
    const key = `${line.variantId}:${line.supplierPriceCents}:${line.taxRateBasisPoints}`;
    const row = rows.get(key) ?? {
      productName: line.productName,
      variantName: line.variantName,
      unitPriceCents: line.supplierPriceCents,
      quantity: 0,
      subtotalCents: 0,
      taxCents: 0,
      taxRateBasisPoints: line.taxRateBasisPoints,
    };
    row.quantity += line.quantity;
    row.subtotalCents += line.quantity * line.supplierPriceCents;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map(({ taxRateBasisPoints, ...row }) => ({ ...row, taxCents: includedTax(row.subtotalCents, taxRateBasisPoints) }))
    .sort((a, b) => collator.compare(a.productName, b.productName) || collator.compare(a.variantName, b.variantName) || a.unitPriceCents - b.unitPriceCents);
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export function producerReports(input: {
  supplierIds: readonly string[];
  outlets: readonly Outlet[];
  lines: readonly SoldLine[];
  showBuyerNames: boolean;
}): ProducerReport[] {
  const outletById = new Map(input.outlets.map((outlet) => [outlet.distributorId, outlet]));
  return input.supplierIds.map((supplierId) => {
    const lines = input.lines.filter((line) => line.supplierId === supplierId);
    const products = productRows(lines);
    const outlets = input.outlets.filter((outlet) => lines.some((line) => line.distributorId === outlet.distributorId));
    const byDistributor = outlets.map((outlet) => {
      const rows = productRows(lines.filter((line) => line.distributorId === outlet.distributorId));
      return { outlet, products: rows, totalCents: sum(rows.map((row) => row.subtotalCents)), taxCents: sum(rows.map((row) => row.taxCents)) };
    });
    const buyers = input.showBuyerNames
      ? lines
          .map((line) => ({
            buyerName: line.buyerName,
            orderNumber: line.orderNumber,
            distributorName: outletById.get(line.distributorId)?.distributorName ?? "",
            productName: line.productName,
            variantName: line.variantName,
            quantity: line.quantity,
          }))
          .sort((a, b) => collator.compare(a.buyerName, b.buyerName) || a.orderNumber - b.orderNumber || collator.compare(a.productName, b.productName))
      : undefined;
    return {
      supplierId,
      outlets,
      products,
      byDistributor,
      ...(buyers ? { buyers } : {}),
      totalCents: sum(products.map((row) => row.subtotalCents)),
      taxCents: sum(products.map((row) => row.taxCents)),
      quantity: sum(products.map((row) => row.quantity)),
    };
  });
}
