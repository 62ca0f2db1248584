// The supplier statement (docs/domain.md section 10): what the hub owes each supplier for a cycle — what
// was delivered after adjustments and shortages, at the supplier's share of each line, tax included, and
// the supplier's own fees — and what the other fees on that supplier's items came to, the basis of a commission. Pure: the rows come
// from the order lines as stored, read by the same rule as checkout (lineShares).
import { includedTax, lineShares } from "#app/domain/fees/pricing";
import { sumCents } from "#app/domain/money";
import { reportColumns, totalsOf, type Row } from "./definitions";

export type StatementLine = {
  supplier: string;
  variantId: string;
  product: string;
  variant: string;
  quantity: number;
  actualWeightGrams: number | null;
  nominalWeightGrams: number | null;
  totalCents: number;
  taxRateBasisPoints: number;
  fees: readonly { name: string; enterpriseName: string; amountCents: number; taxRateBasisPoints: number }[];
};

/** A per-order fee charged on one supplier's items (an incoming exchange's "per order" fee). */
export type StatementOrderFee = { supplier: string; name: string; enterpriseName: string; amountCents: number; taxRateBasisPoints: number };

type Goods = { product: string; variant: string; quantity: number; weighedGrams: number | null; taxRate: number; amounts: number[] };
type Fee = { fee: string; enterprise: string; taxRate: number; amounts: number[] };

const byText = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" });

/** One row per delivered variant, then one per fee (by enterprise), for each supplier in name order. */
export function statementRows(lines: readonly StatementLine[], orderFees: readonly StatementOrderFee[]): Row[] {
  const suppliers = new Map<string, { goods: Map<string, Goods>; fees: Map<string, Fee> }>();
  const of = (supplier: string) => {
    let entry = suppliers.get(supplier);
    if (!entry) suppliers.set(supplier, (entry = { goods: new Map(), fees: new Map() }));
    return entry;
  };
  const addFee = (supplier: string, fee: { name: string; enterpriseName: string; taxRateBasisPoints: number }, cents: number) => {
    const fees = of(supplier).fees;
    const key = JSON.stringify([fee.enterpriseName, fee.name, fee.taxRateBasisPoints]);
    const entry = fees.get(key) ?? { fee: fee.name, enterprise: fee.enterpriseName, taxRate: fee.taxRateBasisPoints, amounts: [] };
    entry.amounts.push(cents);
    fees.set(key, entry);
  };

  for (const line of lines) {
    const shares = lineShares({
      totalCents: line.totalCents,
      quantity: line.quantity,
      actualWeightGrams: line.actualWeightGrams,
      nominalWeightGrams: line.nominalWeightGrams,
      feeUnitCents: line.fees.map((fee) => fee.amountCents),
    });
    const goods = of(line.supplier).goods;
    const key = JSON.stringify([line.variantId, line.taxRateBasisPoints]);
    const entry = goods.get(key) ?? {
      product: line.product,
      variant: line.variant,
      quantity: 0,
      weighedGrams: null,
      taxRate: line.taxRateBasisPoints,
      amounts: [],
    };
    entry.quantity += line.quantity;
    if (line.actualWeightGrams != null) entry.weighedGrams = (entry.weighedGrams ?? 0) + line.actualWeightGrams;
    entry.amounts.push(shares.supplierCents);
    goods.set(key, entry);
    line.fees.forEach((fee, index) => addFee(line.supplier, fee, shares.feeCents[index]));
  }
  for (const fee of orderFees) addFee(fee.supplier, fee, fee.amountCents);

  const rows: Row[] = [];
  for (const supplier of [...suppliers.keys()].sort(byText)) {
    const { goods, fees } = suppliers.get(supplier)!;
    const goodsRows = [...goods.values()].sort((a, b) => byText(a.product, b.product) || byText(a.variant, b.variant) || a.taxRate - b.taxRate);
    for (const item of goodsRows) {
      const amount = sumCents(item.amounts);
      const tax = includedTax(amount, item.taxRate);
      rows.push({
        supplier,
        product: item.product,
        variant: item.variant,
        fee: null,
        enterprise: null,
        quantity: item.quantity,
        weighedGrams: item.weighedGrams,
        taxRate: item.taxRate,
        excludingTaxCents: amount - tax,
        taxCents: tax,
        supplierAmountCents: amount,
        feesTakenCents: null,
      });
    }
    const feeRows = [...fees.values()].sort((a, b) => byText(a.enterprise, b.enterprise) || byText(a.fee, b.fee) || a.taxRate - b.taxRate);
    for (const fee of feeRows) {
      const amount = sumCents(fee.amounts);
      // A supplier's own fee (its packing, say) is owed to it like its goods; every other fee is what the hub and shops took.
      const own = fee.enterprise === supplier;
      const tax = own ? includedTax(amount, fee.taxRate) : null;
      rows.push({
        supplier,
        product: null,
        variant: null,
        fee: fee.fee,
        enterprise: fee.enterprise,
        quantity: null,
        weighedGrams: null,
        taxRate: fee.taxRate,
        excludingTaxCents: tax === null ? null : amount - tax,
        taxCents: tax,
        supplierAmountCents: own ? amount : null,
        feesTakenCents: own ? null : amount,
      });
    }
  }
  return rows;
}

/** The statement's rows by supplier, each with its own totals, for a page that shows one supplier after another. */
export function statementBySupplier(rows: readonly Row[]): { supplier: string; rows: Row[]; totals: Row }[] {
  const groups: { supplier: string; rows: Row[]; totals: Row }[] = [];
  for (const row of rows) {
    const supplier = String(row.supplier ?? "");
    const last = groups.at(-1);
    if (last && last.supplier === supplier) last.rows.push(row);
    else groups.push({ supplier, rows: [row], totals: {} });
  }
  for (const group of groups) group.totals = totalsOf(reportColumns["supplier-statement"], group.rows);
  return groups;
}
