// Enterprise fee definitions: create, edit, archive and read. Each command takes the actor, checks
// access first, validates with one schema (./schemas) and writes in one transaction. Fees are
// archived, never deleted: cycles and orders that used them keep pointing at them.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import {
  enterpriseFees,
  incomingExchangeFees,
  incomingExchanges,
  orderCycleCoordinatorFees,
  orderCycles,
  orders,
  outgoingExchangeFees,
  outgoingExchanges,
} from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownedRecord, ownerEnterprise, type Need } from "#app/domain/access/owned.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { calculatorFromStored, isPerItem, sameCalculator, storedParams, type Calculator } from "./calculators";
import { createFeeSchema, updateFeeSchema, type FeeType } from "./schemas";
import { cycleColumnsOf, cycleNotClosedBy } from "#app/domain/order-cycles/state.server";

export type FeeView = {
  id: string;
  enterpriseId: string;
  name: string;
  feeType: FeeType;
  taxRateBasisPoints: number;
  taxFollowsProduct: boolean;
  calculator: Calculator;
};

const feeColumns = {
  id: enterpriseFees.id,
  enterpriseId: enterpriseFees.enterpriseId,
  name: enterpriseFees.name,
  feeType: enterpriseFees.feeType,
  taxRateBasisPoints: enterpriseFees.taxRateBasisPoints,
  taxFollowsProduct: enterpriseFees.taxFollowsProduct,
  calculatorType: enterpriseFees.calculatorType,
  calculatorParams: enterpriseFees.calculatorParams,
};

type FeeRow = { [K in keyof typeof feeColumns]: (typeof enterpriseFees.$inferSelect)[K] };

function toView(row: FeeRow): FeeView {
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    name: row.name,
    feeType: row.feeType as FeeType,
    taxRateBasisPoints: row.taxRateBasisPoints,
    taxFollowsProduct: row.taxFollowsProduct,
    calculator: calculatorFromStored(row.calculatorType, row.calculatorParams),
  };
}

/** Only per-item fees may follow the product's tax rate (docs/domain.md section 4). */
function refuseTaxFollowingPerOrder(calculator: Calculator, taxFollowsProduct: boolean) {
  if (taxFollowsProduct && !isPerItem(calculator)) throw invalidField("taxFollowsProduct", "taxFollowsProductPerItemOnly");
}

/** Whether an order cycle (any, past or present) has this fee as coordinator, incoming or outgoing fee. */
async function isFeeInUse(feeId: string, db: Executor = getDb()): Promise<boolean> {
  const [row] = await db.execute<{ used: boolean }>(sql`
    select exists (select 1 from ${orderCycleCoordinatorFees} where ${orderCycleCoordinatorFees.feeId} = ${feeId})
        or exists (select 1 from ${incomingExchangeFees} where ${incomingExchangeFees.feeId} = ${feeId})
        or exists (select 1 from ${outgoingExchangeFees} where ${outgoingExchangeFees.feeId} = ${feeId}) as used`);
  return Boolean(row?.used);
}

/**
 * Whether a cycle that uses this fee has placed orders and may still take or change some (it has
 * not closed): its tax rate then stays as it is, so one cycle's orders never carry two rates for
 * one fee (decision 0028). Placed orders keep the rate they were placed at.
 */
async function isFeeTaxFrozen(feeId: string, db: Executor = getDb(), now = new Date()): Promise<boolean> {
  const [row] = await db.execute<{ frozen: boolean }>(sql`
    with cycles as (
      select ${orderCycleCoordinatorFees.orderCycleId} as id from ${orderCycleCoordinatorFees} where ${orderCycleCoordinatorFees.feeId} = ${feeId}
      union select x.order_cycle_id from ${incomingExchanges} x join ${incomingExchangeFees} f on f.exchange_id = x.id where f.fee_id = ${feeId}
      union select x.order_cycle_id from ${outgoingExchanges} x join ${outgoingExchangeFees} f on f.exchange_id = x.id where f.fee_id = ${feeId}
    )
    select exists (
      select 1 from cycles join ${orderCycles} c on c.id = cycles.id
      where ${cycleNotClosedBy(now, cycleColumnsOf("c"))}
        and exists (select 1 from ${orders} o where o.order_cycle_id = c.id and o.state = 'placed')
    ) as frozen`);
  return Boolean(row?.frozen);
}

function findLiveFee(db: Executor, feeId: string) {
  return db
    .select(feeColumns)
    .from(enterpriseFees)
    .where(and(eq(enterpriseFees.id, feeId), isNull(enterpriseFees.archivedAt)))
    .limit(1)
    .then(([row]) => row);
}

/** A live fee the caller may see (404 otherwise) and, when `need` is "manage", change (403 otherwise). */
async function liveFee(actor: Actor, feeId: string, need: Need) {
  const { record } = await ownedRecord(actor, "fee", feeId, need, findLiveFee);
  return toView(record);
}

export async function createFee(actor: Actor, enterpriseId: string, input: unknown): Promise<FeeView> {
  await ownerEnterprise(actor, enterpriseId, "fee", "manage");
  const data = parseWith(createFeeSchema, input);
  const taxFollowsProduct = data.taxFollowsProduct ?? false;
  refuseTaxFollowingPerOrder(data.calculator, taxFollowsProduct);
  const [row] = await getDb()
    .insert(enterpriseFees)
    .values({
      enterpriseId,
      name: data.name,
      feeType: data.feeType,
      taxRateBasisPoints: data.taxRateBasisPoints ?? 0,
      taxFollowsProduct,
      calculatorType: data.calculator.type,
      calculatorParams: storedParams(data.calculator),
    })
    .returning(feeColumns);
  return toView(row);
}

/**
 * Name and type may always change. The calculator may change only while no order cycle uses the
 * fee: a cycle's prices must not move under its buyers (create a new fee and swap it instead). The
 * tax (its rate, or following the product's) may not change while a cycle that uses the fee has
 * placed orders and has not closed (decision 0028).
 */
export async function updateFee(actor: Actor, feeId: string, input: unknown, now = new Date()): Promise<FeeView> {
  await liveFee(actor, feeId, "manage");
  const data = parseWith(updateFeeSchema, input);
  return getDb().transaction(async (tx) => {
    // Locks the fee against a cycle attaching it meanwhile (the foreign key check waits for us).
    const [locked] = await tx
      .select(feeColumns)
      .from(enterpriseFees)
      .where(and(eq(enterpriseFees.id, feeId), isNull(enterpriseFees.archivedAt)))
      .for("update");
    if (!locked) throw new DomainError("not_found");
    const current = toView(locked);
    const calculator = data.calculator ?? current.calculator;
    const taxFollowsProduct = data.taxFollowsProduct ?? current.taxFollowsProduct;
    refuseTaxFollowingPerOrder(calculator, taxFollowsProduct);
    const calculatorChanges = data.calculator !== undefined && !sameCalculator(data.calculator, current.calculator);
    if (calculatorChanges && (await isFeeInUse(feeId, tx))) {
      throw new DomainError("conflict", { calculator: { key: "feeInUse" } });
    }
    const taxChanges =
      (data.taxRateBasisPoints !== undefined && data.taxRateBasisPoints !== current.taxRateBasisPoints) ||
      (data.taxFollowsProduct !== undefined && data.taxFollowsProduct !== current.taxFollowsProduct);
    if (taxChanges && (await isFeeTaxFrozen(feeId, tx, now))) {
      throw new DomainError("conflict", {
        [data.taxRateBasisPoints !== undefined && data.taxRateBasisPoints !== current.taxRateBasisPoints ? "taxRateBasisPoints" : "taxFollowsProduct"]: {
          key: "feeTaxInUse",
        },
      });
    }
    const changes = Object.fromEntries(
      Object.entries({
        name: data.name,
        feeType: data.feeType,
        taxRateBasisPoints: data.taxRateBasisPoints,
        taxFollowsProduct: data.taxFollowsProduct,
        ...(calculatorChanges ? { calculatorType: calculator.type, calculatorParams: storedParams(calculator) } : {}),
      }).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length === 0) return current;
    const [row] = await tx.update(enterpriseFees).set(changes).where(eq(enterpriseFees.id, feeId)).returning(feeColumns);
    return toView(row);
  });
}

/** Hides the fee from lists and from new cycles; cycles that use it keep pricing with it. */
export async function archiveFee(actor: Actor, feeId: string, now = new Date()): Promise<void> {
  await liveFee(actor, feeId, "manage");
  await getDb()
    .update(enterpriseFees)
    .set({ archivedAt: now })
    .where(and(eq(enterpriseFees.id, feeId), isNull(enterpriseFees.archivedAt)));
}

export async function getFee(actor: Actor, feeId: string): Promise<FeeView> {
  return liveFee(actor, feeId, "see");
}

async function liveFeesOf(enterpriseId: string): Promise<FeeView[]> {
  const rows = await getDb()
    .select(feeColumns)
    .from(enterpriseFees)
    .where(and(eq(enterpriseFees.enterpriseId, enterpriseId), isNull(enterpriseFees.archivedAt)))
    .orderBy(asc(enterpriseFees.name), asc(enterpriseFees.id))
    .limit(500);
  return rows.map(toView);
}

/** Live fees of an enterprise, for its managers and partners. */
export async function listFees(actor: Actor, enterpriseId: string): Promise<FeeView[]> {
  await ownerEnterprise(actor, enterpriseId, "fee", "see");
  return liveFeesOf(enterpriseId);
}

/**
 * The admin fees page: the enterprise's own managers only. With `editId`, the fee being edited
 * (when it is one of the live fees listed) and whether a cycle uses it, which freezes its calculator.
 */
export async function feesPage(actor: Actor, enterpriseId: string, options: { editId?: string | null } = {}) {
  const { enterprise } = await ownerEnterprise(actor, enterpriseId, "fee", "manage");
  const fees = await liveFeesOf(enterpriseId);
  const fee = options.editId ? fees.find((candidate) => candidate.id === options.editId) : undefined;
  return { enterprise: { id: enterprise.id, name: enterprise.name }, fees, editing: fee ? { fee, inUse: await isFeeInUse(fee.id) } : null };
}
