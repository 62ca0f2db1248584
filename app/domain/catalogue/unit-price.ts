// The price per kilogram shown beside a price, as French law asks of food sold by weight. Pure.

/** Cents per kg of a shop price for a variant of `weightGrams`, rounded half up; null without a weight. */
export function pricePerKilogramCents(priceCents: number, weightGrams: number | null): number | null {
  if (!weightGrams || weightGrams <= 0) return null;
  return Math.floor((priceCents * 1000 * 2 + weightGrams) / (2 * weightGrams));
}
