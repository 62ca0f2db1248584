// Loads the fees that price a cycle's products at one distributor, in one query.
import { eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterpriseFees, enterprises } from "#db/schema";
import type { OrderCycle } from "#app/domain/order-cycles/model";
import { calculatorFromStored } from "./calculators";
import type { CyclePricing, FeeDefinition } from "./pricing";

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

/** The pricing of a cycle through one distributor, from a loaded cycle. */
export async function loadCyclePricing(cycle: OrderCycle, distributorId: string, db: Executor = getDb()): Promise<CyclePricing> {
  const outgoing = cycle.outgoing.find((exchange) => exchange.distributorId === distributorId);
  const ids = [...cycle.coordinatorFeeIds, ...cycle.incoming.flatMap((exchange) => exchange.feeIds), ...(outgoing?.feeIds ?? [])];
  const definitions = await loadFeeDefinitions(ids, db);
  const pick = (feeIds: readonly string[]) => feeIds.map((id) => definitions.get(id)).filter((fee): fee is FeeDefinition => Boolean(fee));
  return {
    coordinatorFees: pick(cycle.coordinatorFeeIds),
    incomingFeesBySupplier: new Map(cycle.incoming.map((exchange) => [exchange.supplierId, pick(exchange.feeIds)])),
    outgoingFees: pick(outgoing?.feeIds ?? []),
  };
}
