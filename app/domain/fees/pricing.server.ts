// Loads fee definitions for pricing, in one query (the shop's loadShopPricing picks them per place).
import { eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterpriseFees, enterprises } from "#db/schema";
import { calculatorFromStored } from "./calculators";
import type { FeeDefinition } from "./pricing";

/** Fee definitions by id (archived fees still price the cycles that use them). */
export async function loadFeeDefinitions(ids: readonly string[], db: Executor = getDb()): Promise<Map<string, FeeDefinition>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: enterpriseFees.id,
      name: enterpriseFees.name,
      feeType: enterpriseFees.feeType,
      enterpriseId: enterpriseFees.enterpriseId,
      enterpriseName: enterprises.name,
      calculatorType: enterpriseFees.calculatorType,
      calculatorParams: enterpriseFees.calculatorParams,
      taxRateBasisPoints: enterpriseFees.taxRateBasisPoints,
      taxFollowsProduct: enterpriseFees.taxFollowsProduct,
    })
    .from(enterpriseFees)
    .innerJoin(enterprises, eq(enterprises.id, enterpriseFees.enterpriseId))
    .where(inArray(enterpriseFees.id, [...new Set(ids)]));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        feeType: row.feeType,
        enterpriseId: row.enterpriseId,
        enterpriseName: row.enterpriseName,
        calculator: calculatorFromStored(row.calculatorType, row.calculatorParams),
        taxRateBasisPoints: row.taxRateBasisPoints,
        taxFollowsProduct: row.taxFollowsProduct,
      },
    ]),
  );
}
