// Catalogue rules that need no database: which enterprises have products, and the limits of a catalogue.
import { produces } from "#app/domain/enterprises/kinds";

export const MAX_VARIANTS_PER_PRODUCT = 50;
/** Products per page of the admin list and of the API list. */
export const PRODUCTS_PAGE_SIZE = 100;
/** The largest price and stock a variant may carry (well inside a Postgres integer). */
export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK = 1_000_000_000;
export const MAX_WEIGHT_GRAMS = 100_000_000;
/** The most units a case may hold (a variant sold by the case steps by this many). */
export const MAX_UNITS_PER_CASE = 10_000;

export type EnterpriseKindFacts = { kind: string; isProducer: boolean };

/** Only an enterprise that produces has products; hubs and profiles sell nothing of their own. */
export function canHaveProducts(enterprise: EnterpriseKindFacts): boolean {
  return produces(enterprise);
}
