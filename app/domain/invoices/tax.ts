// Tax on an invoice (docs/domain.md 10, decision 0038): prices are tax-included; each line's amount
// excluding tax is derived from its amount including tax, and the totals per rate add up exactly.
// Pure.
import { includedTax } from "#app/domain/fees/pricing";

export type TaxedAmount = { grossCents: number; rateBasisPoints: number };

type LineTax = { grossCents: number; rateBasisPoints: number; taxCents: number; netCents: number };

type RateTotal = { rateBasisPoints: number; baseCents: number; taxCents: number };

export type TaxDerivation = {
  lines: LineTax[];
  /** One entry per rate present (0 % too: an exempt base is still declared), rates ascending. */
  taxes: RateTotal[];
  totalExcludingTaxCents: number;
  totalTaxCents: number;
  totalCents: number;
};

/**
 * Each rate's tax is the tax included in that rate's whole amount, rounded half up once (the figure
 * the checkout and the order emails show). Each line's tax is first its own amount's, half up; what
 * the lines' roundings leave between their sum and the rate's tax is then placed one cent at a time
 * on that rate's lines, largest amount first (earlier line first among equals). So every line is at
 * most a cent from its own rounding, and lines, rates and the total add up to the cent.
 */
export function deriveTaxes(amounts: readonly TaxedAmount[]): TaxDerivation {
  const lines: LineTax[] = amounts.map(({ grossCents, rateBasisPoints }) => {
    const taxCents = includedTax(grossCents, rateBasisPoints);
    return { grossCents, rateBasisPoints, taxCents, netCents: grossCents - taxCents };
  });
  const rates = [...new Set(lines.map((line) => line.rateBasisPoints))].sort((a, b) => a - b);
  const taxes: RateTotal[] = [];
  for (const rate of rates) {
    const indexes = lines.flatMap((line, index) => (line.rateBasisPoints === rate ? [index] : []));
    const grossCents = indexes.reduce((sum, index) => sum + lines[index].grossCents, 0);
    const taxCents = includedTax(grossCents, rate);
    let remainder = taxCents - indexes.reduce((sum, index) => sum + lines[index].taxCents, 0);
    const order = [...indexes].sort((a, b) => Math.abs(lines[b].grossCents) - Math.abs(lines[a].grossCents) || a - b);
    for (let turn = 0; remainder !== 0 && turn < order.length * 4; turn++) {
      const line = lines[order[turn % order.length]];
      const step = Math.sign(remainder);
      const nextTax = line.taxCents + step;
      // A line's tax never passes its own amount nor changes sign against it.
      if (Math.abs(nextTax) > Math.abs(line.grossCents) || (nextTax !== 0 && Math.sign(nextTax) !== Math.sign(line.grossCents))) continue;
      line.taxCents = nextTax;
      line.netCents = line.grossCents - nextTax;
      remainder -= step;
    }
    if (remainder !== 0) throw new Error(`Tax of rate ${rate} could not be placed on its lines`);
    taxes.push({ rateBasisPoints: rate, baseCents: grossCents - taxCents, taxCents });
  }
  const totalCents = lines.reduce((sum, line) => sum + line.grossCents, 0);
  const totalTaxCents = taxes.reduce((sum, rate) => sum + rate.taxCents, 0);
  return { lines, taxes, totalExcludingTaxCents: totalCents - totalTaxCents, totalTaxCents, totalCents };
}

/** A unit price excluding tax, for reading only: the line's own amounts are what add up. */
export function unitPriceExcludingTax(unitCents: number, rateBasisPoints: number): number {
  return unitCents - includedTax(unitCents, rateBasisPoints);
}
