// Fee definitions as stored, made ready for pricing (the shop's loadShopPricing reads them per place).
import { calculatorFromStored } from "./calculators";
import type { FeeDefinition } from "./pricing";

export type StoredFeeRow = {
  id: string;
  name: string;
  feeType: string;
  enterpriseId: string;
  enterpriseName: string;
  calculatorType: string;
  calculatorParams: Record<string, number>;
  taxRateBasisPoints: number;
  taxFollowsProduct: boolean;
};

/** A fee as stored, made ready for pricing. */
export function feeDefinitionOf(row: StoredFeeRow): FeeDefinition {
  return {
    id: row.id,
    name: row.name,
    feeType: row.feeType,
    enterpriseId: row.enterpriseId,
    enterpriseName: row.enterpriseName,
    calculator: calculatorFromStored(row.calculatorType, row.calculatorParams),
    taxRateBasisPoints: row.taxRateBasisPoints,
    taxFollowsProduct: row.taxFollowsProduct,
  };
}
