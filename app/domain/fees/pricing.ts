// The one price build-up (docs/domain.md section 4): shop price per unit, order adjustments, tax.
// Pure: the shop, checkout, emails and reports all call these functions with loaded data.
import { cents, mulDivRoundHalfUp, sumCents, type Cents } from "#app/domain/money";
import { isPerItem, perOrderAmount, perUnitAmount, type Calculator } from "./calculators";

type FeePlace = "coordinator" | "incoming" | "outgoing";

export type FeeDefinition = {
  id: string;
  name: string;
  feeType: string;
  enterpriseId: string;
  enterpriseName: string;
  calculator: Calculator;
  taxRateBasisPoints: number;
  /** Only per-item fees may follow the product's rate. */
  taxFollowsProduct: boolean;
};

export type PricedVariantInput = {
  variantId: string;
  supplierId: string;
  /** Names what an incoming per-order fee covers ("on Les Jardins de Marie's items"). */
  supplierName?: string;
  priceCents: number;
  weightGrams: number | null;
  taxRateBasisPoints: number;
};

/** The fees of one cycle as seen through one distributor. */
export type CyclePricing = {
  coordinatorFees: readonly FeeDefinition[];
  incomingFeesBySupplier: ReadonlyMap<string, readonly FeeDefinition[]>;
  outgoingFees: readonly FeeDefinition[];
};

type FeeLine = {
  feeId: string;
  name: string;
  feeType: string;
  enterpriseName: string;
  place: FeePlace;
  amountCents: Cents;
  taxRateBasisPoints: number;
};

export type PricedVariant = {
  variantId: string;
  supplierPriceCents: Cents;
  fees: FeeLine[];
  shopPriceCents: Cents;
};

/** Fees in the order they apply: coordinator, then the supplier's incoming, then the distributor's outgoing. */
function feesFor(variant: Pick<PricedVariantInput, "supplierId">, pricing: CyclePricing): { fee: FeeDefinition; place: FeePlace }[] {
  return [
    ...pricing.coordinatorFees.map((fee) => ({ fee, place: "coordinator" as const })),
    ...(pricing.incomingFeesBySupplier.get(variant.supplierId) ?? []).map((fee) => ({ fee, place: "incoming" as const })),
    ...pricing.outgoingFees.map((fee) => ({ fee, place: "outgoing" as const })),
  ];
}

function taxRateOf(fee: FeeDefinition, productRate: number): number {
  return fee.taxFollowsProduct && isPerItem(fee.calculator) ? productRate : fee.taxRateBasisPoints;
}

/** The shop price of one unit: supplier price plus every per-item fee, each rounded half up per unit. */
export function priceVariant(variant: PricedVariantInput, pricing: CyclePricing): PricedVariant {
  const fees: FeeLine[] = [];
  for (const { fee, place } of feesFor(variant, pricing)) {
    if (!isPerItem(fee.calculator)) continue;
    const amount = perUnitAmount(fee.calculator, { priceCents: variant.priceCents, weightGrams: variant.weightGrams });
    fees.push({
      feeId: fee.id,
      name: fee.name,
      feeType: fee.feeType,
      enterpriseName: fee.enterpriseName,
      place,
      amountCents: amount,
      taxRateBasisPoints: taxRateOf(fee, variant.taxRateBasisPoints),
    });
  }
  const supplierPriceCents = cents(variant.priceCents);
  return { variantId: variant.variantId, supplierPriceCents, fees, shopPriceCents: sumCents([supplierPriceCents, ...fees.map((fee) => fee.amountCents)]) };
}

/**
 * `actualWeightGrams`: the whole line's weighed weight, for a variant sold by weight whose price is
 * for its nominal `weightGrams` (docs/domain.md 8); absent or null prices the line by quantity.
 */
export type OrderLineInput = { variant: PricedVariantInput; quantity: number; actualWeightGrams?: number | null };

/**
 * A weighed line's price: the unit shop price × actualWeightGrams ÷ the nominal weightGrams,
 * rounded half up once for the whole line (430 g of a 500 g cheese at 9.00 costs 7.74).
 */
export function weighedLineCents(unitCents: number, actualWeightGrams: number, nominalWeightGrams: number): Cents {
  return mulDivRoundHalfUp(unitCents, actualWeightGrams, nominalWeightGrams);
}

/** The actual weight a line is priced by: weighed, with a nominal weight to scale from. */
function pricedByGrams(actualWeightGrams: number | null | undefined, nominalWeightGrams: number | null): number | undefined {
  return actualWeightGrams != null && nominalWeightGrams != null && nominalWeightGrams > 0 ? actualWeightGrams : undefined;
}

const weighedGrams = (line: OrderLineInput) => pricedByGrams(line.actualWeightGrams, line.variant.weightGrams);

/** What a line costs at `unitCents` a unit: by quantity, or by its actual weight when weighed. */
function centsAt(unitCents: number, quantity: number, actualWeightGrams: number | null | undefined, nominalWeightGrams: number | null): Cents {
  const grams = pricedByGrams(actualWeightGrams, nominalWeightGrams);
  return grams === undefined ? cents(unitCents * quantity) : weighedLineCents(unitCents, grams, nominalWeightGrams!);
}

const lineCents = (line: OrderLineInput, unitCents: number) => centsAt(unitCents, line.quantity, line.actualWeightGrams, line.variant.weightGrams);

export type LineFacts = {
  totalCents: number;
  quantity: number;
  actualWeightGrams: number | null;
  nominalWeightGrams: number | null;
  /** Each per-item fee's amount for one unit, as the line's price holds it. */
  feeUnitCents: readonly number[];
};

/**
 * A line split into what its supplier gets and what each per-item fee took: each fee scales like the
 * line (by quantity, or by the weighed weight); the supplier's share is the rest, so the parts add up
 * to the line. Checkout's tax and the supplier statement read a line the same way.
 */
export function lineShares(line: LineFacts): { supplierCents: Cents; feeCents: Cents[] } {
  const feeCents = line.feeUnitCents.map((unit) => centsAt(unit, line.quantity, line.actualWeightGrams, line.nominalWeightGrams));
  return { supplierCents: cents(line.totalCents - sumCents(feeCents)), feeCents };
}

/** Where an order adjustment comes from: a fee of the cycle, the shipping method the buyer chose, or a promo code (negative, app/domain/promotions). */
type AdjustmentPlace = FeePlace | "shipping" | "promo";

/**
 * `supplierName`: for an incoming fee, the supplier whose items it covers (the same fee on two
 * suppliers is two adjustments, told apart by it); empty for fees over the whole order and shipping.
 */
export type Adjustment = Omit<FeeLine, "place"> & { label: string; place: AdjustmentPlace; supplierName: string };

/** What the buyer's shipping method adds to an order: a delivery fee, or nothing (a free pickup point), and the tax it includes. */
export type ShippingCharge = { name: string; feeCents: number; taxRateBasisPoints: number };

/** The shipping method's fee as an order adjustment; none when the method is free. */
function shippingAdjustment(shipping: ShippingCharge | null | undefined): Adjustment[] {
  if (!shipping || shipping.feeCents <= 0) return [];
  return [
    {
      feeId: "",
      name: shipping.name,
      label: shipping.name,
      feeType: "transport",
      enterpriseName: "",
      place: "shipping",
      supplierName: "",
      amountCents: cents(shipping.feeCents),
      taxRateBasisPoints: shipping.taxRateBasisPoints,
    },
  ];
}

/**
 * Per-order fees as order adjustments. A coordinator fee counts the whole order; an incoming
 * fee only that supplier's items; an outgoing fee the items sold through the distributor (all of
 * an order's items). The same fee in two places is charged once per place.
 */
export function orderAdjustments(lines: readonly OrderLineInput[], pricing: CyclePricing): Adjustment[] {
  const adjustments: Adjustment[] = [];
  const add = (fee: FeeDefinition, place: FeePlace, items: readonly OrderLineInput[], supplierName = "") => {
    if (isPerItem(fee.calculator) || items.length === 0) return;
    const amount = perOrderAmount(
      fee.calculator,
      items.map((line) => ({ quantity: line.quantity, priceCents: line.variant.priceCents, valueCents: lineCents(line, line.variant.priceCents) })),
    );
    adjustments.push({
      feeId: fee.id,
      name: fee.name,
      label: fee.name,
      feeType: fee.feeType,
      enterpriseName: fee.enterpriseName,
      place,
      supplierName,
      amountCents: amount,
      taxRateBasisPoints: fee.taxRateBasisPoints,
    });
  };
  const withItems = lines.filter((line) => line.quantity > 0);
  for (const fee of pricing.coordinatorFees) add(fee, "coordinator", withItems);
  const suppliers = [...new Set(withItems.map((line) => line.variant.supplierId))];
  for (const supplierId of suppliers) {
    const ofSupplier = withItems.filter((line) => line.variant.supplierId === supplierId);
    for (const fee of pricing.incomingFeesBySupplier.get(supplierId) ?? []) add(fee, "incoming", ofSupplier, ofSupplier[0].variant.supplierName ?? "");
  }
  for (const fee of pricing.outgoingFees) add(fee, "outgoing", withItems);
  return adjustments;
}

/**
 * Tax included in an amount at a rate: amount × r / (1 + r), rounded half up to the cent. Computed
 * exactly (a float quotient nudged by an epsilon rounded x.49997 up on large report totals).
 */
export function includedTax(amount: number, rateBasisPoints: number): Cents {
  if (rateBasisPoints === 0 || amount === 0) return cents(0);
  // Amounts are never negative in an order; a negative total (a credit) mirrors the positive one.
  if (amount < 0) return cents(0 - includedTax(-amount, rateBasisPoints));
  return mulDivRoundHalfUp(amount, rateBasisPoints, 10_000 + rateBasisPoints);
}

export type TaxablePart = { rateBasisPoints: number; grossCents: number };

/**
 * Tax included in amounts, summed per rate before rounding, rates ascending. A negative part (a
 * promo code's discount) lowers its rate's amount; a rate left at nothing is not listed.
 */
export function taxIncludedByRate(parts: readonly TaxablePart[]): { rateBasisPoints: number; taxCents: Cents }[] {
  const grossByRate = new Map<number, number>();
  for (const part of parts) {
    if (part.rateBasisPoints > 0 && part.grossCents !== 0)
      grossByRate.set(part.rateBasisPoints, (grossByRate.get(part.rateBasisPoints) ?? 0) + part.grossCents);
  }
  return [...grossByRate.entries()]
    .filter(([, gross]) => gross > 0)
    .sort(([a], [b]) => a - b)
    .map(([rateBasisPoints, gross]) => ({ rateBasisPoints, taxCents: includedTax(gross, rateBasisPoints) }));
}

type PricedLine = {
  variantId: string;
  quantity: number;
  /** Set when the line is priced by its actual weight. */
  actualWeightGrams: number | null;
  unitPriceCents: Cents;
  totalCents: Cents;
  priced: PricedVariant;
};

export type PricedOrder = {
  lines: PricedLine[];
  adjustments: Adjustment[];
  itemsTotalCents: Cents;
  feesTotalCents: Cents;
  totalCents: Cents;
  /** Off the items by a promo code (app/domain/promotions): 0 without one; its adjustments hold it negated. */
  discountCents?: Cents;
  /** Tax included in the total, per rate, rates ascending. */
  taxByRate: { rateBasisPoints: number; taxCents: Cents }[];
};

/**
 * A whole order: each line at its unit shop price × quantity, plus per-order adjustments and the
 * shipping method's fee, with tax per rate. The checkout shows this total and the order stores
 * it, so the buyer commits to the price they saw.
 */
export function priceOrder(lines: readonly OrderLineInput[], pricing: CyclePricing, shipping?: ShippingCharge | null): PricedOrder {
  const priced = lines.map((line) => {
    const variant = priceVariant(line.variant, pricing);
    return {
      variantId: line.variant.variantId,
      quantity: line.quantity,
      unitPriceCents: variant.shopPriceCents,
      totalCents: lineCents(line, variant.shopPriceCents),
      actualWeightGrams: weighedGrams(line) ?? null,
      priced: variant,
    };
  });
  const adjustments = [...orderAdjustments(lines, pricing), ...(lines.length ? shippingAdjustment(shipping) : [])];
  const taxParts: TaxablePart[] = lines.flatMap((line, index) => {
    const variant = priced[index].priced;
    const shares = lineShares({
      totalCents: priced[index].totalCents,
      quantity: line.quantity,
      actualWeightGrams: line.actualWeightGrams ?? null,
      nominalWeightGrams: line.variant.weightGrams ?? null,
      feeUnitCents: variant.fees.map((fee) => fee.amountCents),
    });
    const feeParts = variant.fees.map((fee, feeIndex) => ({ rateBasisPoints: fee.taxRateBasisPoints, grossCents: shares.feeCents[feeIndex] }));
    return [{ rateBasisPoints: line.variant.taxRateBasisPoints, grossCents: shares.supplierCents }, ...feeParts];
  });
  for (const adjustment of adjustments) taxParts.push({ rateBasisPoints: adjustment.taxRateBasisPoints, grossCents: adjustment.amountCents });
  const itemsTotalCents = sumCents(priced.map((line) => line.totalCents));
  const feesTotalCents = sumCents(adjustments.map((adjustment) => adjustment.amountCents));
  return {
    lines: priced,
    adjustments,
    itemsTotalCents,
    feesTotalCents,
    totalCents: cents(itemsTotalCents + feesTotalCents),
    taxByRate: taxIncludedByRate(taxParts),
  };
}
