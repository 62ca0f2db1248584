// R5: docs/domain.md section 3, row by row, for the four roles, through both doors: the JSON API (bearer
// token) and the editor pages' loaders and form actions (session cookie). Each role is played by two
// different people (two managers of the same enterprise), who must get the same answers. Every
// refused mutation proves that nothing changed anywhere (the whole database, table by table, and
// the cycle as the coordinator sees it); every allowed one that it changed the rows it should (the
// tables it names, row counts added and removed) and no others.
//
// The world (tests/support/coop.ts `coopPlus` + `seedCycle`): coordinator Green Hub; suppliers
// Farm A and Farm B in the cycle; distributors River Co-op (granted A add_to_order_cycle, and A
// granted River; B did not grant River) and Lake Co-op (A and B granted Lake; Lake did NOT grant A).
// Roles: coordinator = Green Hub's manager, supplier = Farm A's manager, distributor = River's
// manager, unrelated = the manager of Far Hub, which takes no part in the cycle.
//
// "Orders of the cycle" is covered through the hub's desk pages (the orders list and one order) and
// the API's orders report (a supplier's line items of its own products, a distributor its own
// shop's orders); the API's order list (GET /orders) is a later issue.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as cyclesApi from "#app/routes/api.v1.order-cycles";
import * as cycleApi from "#app/routes/api.v1.order-cycles.$cycleId";
import * as cloneApi from "#app/routes/api.v1.order-cycles.$cycleId.clone";
import * as repeatApi from "#app/routes/api.v1.order-cycles.$cycleId.repeat";
import * as incomingApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as outgoingApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import * as listPage from "#app/routes/admin.order-cycles._index";
import * as editorPage from "#app/routes/admin.order-cycles.$cycleId";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import * as checkoutPage from "#app/routes/admin.order-cycles.$cycleId.checkout";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { toLocalInput } from "#app/domain/time";
import { getDb } from "#db/connection.server";
import { orderCycleHistory, orderCycles, orders as ordersTable } from "#db/schema";
import * as newCyclePage from "#app/routes/admin.order-cycles.new";
import * as notificationsPage from "#app/routes/admin.order-cycles.$cycleId.notifications";
import * as notifyApi from "#app/routes/api.v1.order-cycles.$cycleId.notify-producers";
import * as shareKeyApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.share-key";
import * as announceApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.announce";
import { grantMarketingConsent } from "#app/domain/marketing/consent.server";
import * as reportApi from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import * as overviewApi from "#app/routes/api.v1.order-cycles.$cycleId.overview";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { createApiToken } from "#app/auth/api-tokens.server";
import { enterpriseManagers } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase, type TableChange } from "#tests/support/db-snapshot";
import { callRoute, json, type CallOptions } from "#tests/support/http";
import { createUser } from "#tests/support/world";

type Role = "coordinator" | "supplier" | "distributor" | "unrelated";
const roles: Role[] = ["coordinator", "supplier", "distributor", "unrelated"];
const personOf = { coordinator: "hub", supplier: "supplierA", distributor: "distributor", unrelated: "unrelated" } as const;
/** Each role's two people: the enterprise's first manager (from coopPlus) and a second one added here. */
const people = [1, 2] as const;
type Person = (typeof people)[number];
const nth = (person: Person) => (person === 1 ? "first person" : "second person");
const ZONE = "Europe/Paris";

type RouteModule = Parameters<typeof callRoute>[0];
type Call = { route: RouteModule } & CallOptions;
type View = Awaited<ReturnType<typeof viewCycleForActor>>;
type Ctx = { w: CoopPlus; cycleId: string; view: View };
/** "ignored": answered 200, and nothing changed (docs/api.md: ids the caller may not edit stay as they are). */
type Outcome = 200 | 201 | 202 | 204 | 403 | 404 | "ignored";

type MutationRow = {
  action: string;
  what: string;
  expect: Record<Role, Outcome>;
  api: (c: Ctx) => Call;
  forms: ((c: Ctx) => Call)[];
  /** What a form action answers on success: 200 with {ok: true}, or a 302 redirect. */
  formSuccess?: 200 | 302;
  /** Proves the allowed change really happened. */
  changed: (after: Snapshot, before: Snapshot, c: Ctx) => void;
  /** Every row the allowed change adds and removes in the whole database (a changed row is one of each); nothing else may differ. */
  writes: Record<string, TableChange>;
  /** What the cycle must be like first (as its coordinator makes it), for the allowed cases and the refused ones alike. */
  prepare?: (w: CoopPlus, cycleId: string) => Promise<void>;
};

// ---------- the cycle as the coordinator sees it ----------

type Snapshot = { view: View | null; history: number; cycles: number; updatedAt: string | null };

function sortLists<T>(value: T): T {
  if (Array.isArray(value)) {
    const items = value.map(sortLists);
    return (items.every((item) => typeof item === "string") ? [...items].sort() : items) as T;
  }
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortLists(v)])) as T;
  return value;
}

async function snapshot(w: CoopPlus, cycleId: string): Promise<Snapshot> {
  const view = await viewCycleForActor(w.actors.hub, cycleId).catch((error) => {
    if (error?.code === "not_found") return null;
    throw error;
  });
  const [history] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(orderCycleHistory)
    .where(eq(orderCycleHistory.orderCycleId, cycleId));
  const [cycles] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(orderCycles)
    .where(eq(orderCycles.coordinatorId, w.hub.id));
  const [row] = await getDb().select({ updatedAt: orderCycles.updatedAt }).from(orderCycles).where(eq(orderCycles.id, cycleId));
  return sortLists({ view, history: history.n, cycles: cycles.n, updatedAt: row?.updatedAt.toISOString() ?? null });
}

const incomingOf = (s: Snapshot, supplierId: string) => s.view?.incoming.find((e) => e.supplier.id === supplierId) as any;
const outgoingOf = (s: Snapshot, distributorId: string) => s.view?.outgoing.find((e) => e.distributor.id === distributorId) as any;
const sorted = (ids: string[]) => [...ids].sort();

// ---------- builders for the two doors ----------

const cycleParams = (c: Ctx) => ({ cycleId: c.cycleId });
const local = (iso: string | null) => (iso ? toLocalInput(new Date(iso), ZONE) : "");
const dayLater = (iso: string | null) => new Date(new Date(iso!).getTime() + 24 * 60 * 60 * 1000).toISOString();

const patchApi =
  (body: (c: Ctx) => object) =>
  (c: Ctx): Call => ({ route: cycleApi, method: "PATCH", params: cycleParams(c), body: body(c) });

/** The General step's form as the page posts it: every field, current values unless changed. */
const settingsForm =
  (changes: (c: Ctx) => Record<string, string | string[]>) =>
  (c: Ctx): Call => {
    const form: Record<string, string | string[]> = {
      intent: "settings",
      name: c.view.name,
      opensAt: local(c.view.opensAt),
      closesAt: local(c.view.closesAt),
      coordinatorFeeIds: c.view.coordinatorFeeIds,
      ...(c.view.automaticNotifications ? { automaticNotifications: "on" } : {}),
      ...changes(c),
    };
    return { route: generalPage, params: cycleParams(c), form };
  };

/** The list's quick edit (name and dates of one row). */
const quickEditForm =
  (changes: (c: Ctx) => Record<string, string>) =>
  (c: Ctx): Call => ({
    route: listPage,
    form: { cycleId: c.cycleId, name: c.view.name, opensAt: local(c.view.opensAt), closesAt: local(c.view.closesAt), ...changes(c) },
  });

const putIncomingApi =
  (supplier: (w: CoopPlus) => string, body: (c: Ctx) => object) =>
  (c: Ctx): Call => ({
    route: incomingApi,
    method: "PUT",
    params: { ...cycleParams(c), supplierId: supplier(c.w) },
    body: body(c),
  });
const deleteIncomingApi =
  (supplier: (w: CoopPlus) => string) =>
  (c: Ctx): Call => ({
    route: incomingApi,
    method: "DELETE",
    params: { ...cycleParams(c), supplierId: supplier(c.w) },
  });
const putOutgoingApi =
  (distributor: (w: CoopPlus) => string, body: (c: Ctx) => object) =>
  (c: Ctx): Call => ({
    route: outgoingApi,
    method: "PUT",
    params: { ...cycleParams(c), distributorId: distributor(c.w) },
    body: body(c),
  });
const deleteOutgoingApi =
  (distributor: (w: CoopPlus) => string) =>
  (c: Ctx): Call => ({
    route: outgoingApi,
    method: "DELETE",
    params: { ...cycleParams(c), distributorId: distributor(c.w) },
  });

/** The Incoming step's save form for one supplier: the variant checklist, plus details when shown. */
const incomingForm =
  (supplier: (w: CoopPlus) => string, fields: (c: Ctx) => Record<string, string | string[]>) =>
  (c: Ctx): Call => ({
    route: incomingPage,
    params: cycleParams(c),
    form: { intent: "save", supplierId: supplier(c.w), ...fields(c) },
  });
const incomingIntentForm =
  (intent: "add" | "remove", supplier: (w: CoopPlus) => string) =>
  (c: Ctx): Call => ({
    route: incomingPage,
    params: cycleParams(c),
    form: { intent, supplierId: supplier(c.w) },
  });

/** The Outgoing step's save form for one distributor, with its details block filled from the current values. */
const outgoingDetailsForm =
  (distributor: (w: CoopPlus) => string, changes: (c: Ctx) => Record<string, string | string[]>) =>
  (c: Ctx): Call => {
    const id = distributor(c.w);
    const current = c.view.outgoing.find((e) => e.distributor.id === id) as any;
    return {
      route: outgoingPage,
      params: cycleParams(c),
      form: {
        intent: "save",
        distributorId: id,
        variantIds: current.variantIds,
        readyFor: current.readyFor,
        readyOn: current.readyOn ?? "",
        pickupInstructions: current.pickupInstructions,
        tags: current.tags.join(", "),
        feesShown: "1",
        feeIds: current.feeIds,
        ...changes(c),
      },
    };
  };
/** The Outgoing step's form as a supplier sees it: only the product checklist. */
const outgoingVariantsForm =
  (distributor: (w: CoopPlus) => string, variantIds: (c: Ctx) => string[]) =>
  (c: Ctx): Call => ({
    route: outgoingPage,
    params: cycleParams(c),
    form: { intent: "save", distributorId: distributor(c.w), variantIds: variantIds(c) },
  });
const outgoingIntentForm =
  (intent: "add" | "remove", distributor: (w: CoopPlus) => string) =>
  (c: Ctx): Call => ({
    route: outgoingPage,
    params: cycleParams(c),
    form: { intent, distributorId: distributor(c.w) },
  });
const checkoutForm =
  (distributor: (w: CoopPlus) => string, ids: (c: Ctx) => { shippingMethodIds: string[]; paymentMethodIds: string[] }) =>
  (c: Ctx): Call => ({
    route: checkoutPage,
    params: cycleParams(c),
    form: { distributorId: distributor(c.w), ...ids(c) },
  });

const A = (w: CoopPlus) => w.supplierA.id;
const B = (w: CoopPlus) => w.supplierB.id;
const C = (w: CoopPlus) => w.supplierC.id;
const RIVER = (w: CoopPlus) => w.distributor.id;
const LAKE = (w: CoopPlus) => w.lake.id;
const HILL = (w: CoopPlus) => w.hill.id;

const add = (n: number): TableChange => ({ added: n, removed: 0 });
const drop = (n: number): TableChange => ({ added: 0, removed: n });
const change = (n: number): TableChange => ({ added: n, removed: n });
/** Every edit of a cycle stamps its row (updated_at) and adds a line to its history, besides what it changes. */
const edited = (tables: Record<string, TableChange>) => ({ order_cycles: change(1), order_cycle_history: add(1), ...tables });

const settingsOnly = { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 } as const;
const coordinatorOnlyHidden = { coordinator: 200, supplier: 404, distributor: 404, unrelated: 404 } as const;

// ---------- THE TABLE: docs/domain.md section 3, mutating rows ----------

const mutations: MutationRow[] = [
  // name, dates, coordinator fees, notification flag: coordinator edits; supplier and distributor read only.
  {
    action: "name, dates, coordinator fees, notification flag",
    what: "rename the cycle",
    expect: settingsOnly,
    api: patchApi(() => ({ name: "Renamed" })),
    forms: [settingsForm(() => ({ name: "Renamed" })), quickEditForm(() => ({ name: "Renamed" }))],
    changed: (after) => expect(after.view!.name).toBe("Renamed"),
    writes: edited({}),
  },
  {
    action: "name, dates, coordinator fees, notification flag",
    what: "move the dates a day later",
    expect: settingsOnly,
    api: patchApi((c) => ({ opensAt: dayLater(c.view.opensAt), closesAt: dayLater(c.view.closesAt) })),
    forms: [
      settingsForm((c) => ({ opensAt: local(dayLater(c.view.opensAt)), closesAt: local(dayLater(c.view.closesAt)) })),
      quickEditForm((c) => ({ opensAt: local(dayLater(c.view.opensAt)), closesAt: local(dayLater(c.view.closesAt)) })),
    ],
    changed: (after, before) => expect(after.view!.closesAt).toBe(dayLater(before.view!.closesAt)),
    writes: edited({}),
  },
  {
    action: "name, dates, coordinator fees, notification flag",
    what: "add a coordinator fee",
    expect: settingsOnly,
    api: patchApi((c) => ({ coordinatorFeeIds: [c.w.fees.hub.id, c.w.fees.hub2.id] })),
    forms: [settingsForm((c) => ({ coordinatorFeeIds: [c.w.fees.hub.id, c.w.fees.hub2.id] }))],
    changed: (after, _, c) => expect(after.view!.coordinatorFeeIds).toEqual(sorted([c.w.fees.hub.id, c.w.fees.hub2.id])),
    writes: edited({ order_cycle_coordinator_fees: add(1) }),
  },
  {
    action: "name, dates, coordinator fees, notification flag",
    what: "turn automatic notification on",
    expect: settingsOnly,
    api: patchApi(() => ({ automaticNotifications: true })),
    forms: [settingsForm(() => ({ automaticNotifications: "on" }))],
    changed: (after) => expect(after.view!.automaticNotifications).toBe(true),
    writes: edited({}),
  },

  // add / remove suppliers: coordinator only. A supplier cannot see other suppliers' exchanges, so a
  // missing exchange answers 404 to everyone but the coordinator (403 there would reveal membership).
  {
    action: "add / remove suppliers",
    what: "add Farm C as a supplier",
    expect: coordinatorOnlyHidden,
    api: putIncomingApi(C, (c) => ({ variantIds: c.w.variants.c })),
    forms: [incomingIntentForm("add", C)],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierC.id)).toBeDefined(),
    writes: edited({ incoming_exchanges: add(1), incoming_exchange_variants: add(1) }),
  },
  {
    action: "add / remove suppliers",
    what: "remove Farm B (another supplier, not granting River)",
    expect: { coordinator: 204, supplier: 404, distributor: 404, unrelated: 404 },
    api: deleteIncomingApi(B),
    forms: [incomingIntentForm("remove", B)],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierB.id)).toBeUndefined(),
    writes: edited({
      incoming_exchanges: drop(1),
      incoming_exchange_variants: drop(1),
      incoming_exchange_fees: drop(1),
      outgoing_exchange_variants: drop(1),
      outgoing_exchange_set_aside_variants: add(1),
    }),
  },
  {
    action: "add / remove suppliers",
    what: "remove Farm A (the supplier's own exchange, visible to River)",
    expect: { coordinator: 204, supplier: 403, distributor: 403, unrelated: 404 },
    api: deleteIncomingApi(A),
    forms: [incomingIntentForm("remove", A)],
    changed: (after, _, c) => {
      expect(incomingOf(after, c.w.supplierA.id)).toBeUndefined();
      // Outgoing exchanges only sell what comes in.
      expect(outgoingOf(after, c.w.distributor.id).variantIds).toEqual([]);
    },
    writes: edited({
      incoming_exchanges: drop(1),
      incoming_exchange_variants: drop(3),
      incoming_exchange_fees: drop(1),
      outgoing_exchange_variants: drop(3),
      outgoing_exchange_set_aside_variants: add(3),
    }),
  },

  // variants of an incoming exchange: coordinator any; supplier own only; distributor reads those of suppliers that granted it.
  {
    action: "variants of an incoming exchange",
    what: "untick a variant in Farm A's incoming exchange (own for the supplier, readable by River)",
    expect: { coordinator: 200, supplier: 200, distributor: 403, unrelated: 404 },
    api: putIncomingApi(A, (c) => ({ variantIds: c.w.variants.a.slice(0, 2) })),
    forms: [incomingForm(A, (c) => ({ variantIds: c.w.variants.a.slice(0, 2) }))],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierA.id).variantIds).toEqual(sorted(c.w.variants.a.slice(0, 2))),
    writes: edited({ incoming_exchange_variants: drop(1) }),
  },
  {
    action: "variants of an incoming exchange",
    what: "tick a variant in Farm B's incoming exchange (another supplier's)",
    expect: coordinatorOnlyHidden,
    api: putIncomingApi(B, (c) => ({ variantIds: c.w.variants.b })),
    forms: [incomingForm(B, (c) => ({ variantIds: c.w.variants.b }))],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierB.id).variantIds).toEqual(sorted(c.w.variants.b)),
    writes: edited({ incoming_exchange_variants: add(1) }),
  },

  // incoming fees and receival instructions: coordinator any; supplier own only; distributor no.
  {
    action: "incoming fees and receival instructions",
    what: "change Farm A's receival instructions",
    expect: { coordinator: 200, supplier: 200, distributor: 403, unrelated: 404 },
    api: putIncomingApi(A, () => ({ receivalInstructions: "Gate 2" })),
    forms: [incomingForm(A, (c) => ({ variantIds: c.w.variants.a, receivalInstructions: "Gate 2" }))],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierA.id).receivalInstructions).toBe("Gate 2"),
    writes: edited({ incoming_exchanges: change(1) }),
  },
  {
    action: "incoming fees and receival instructions",
    what: "attach Farm A's own second fee to Farm A's incoming exchange",
    expect: { coordinator: 200, supplier: 200, distributor: 403, unrelated: 404 },
    api: putIncomingApi(A, (c) => ({ feeIds: [c.w.fees.supplierA.id, c.w.fees.supplierA2.id] })),
    forms: [
      incomingForm(A, (c) => ({
        variantIds: c.w.variants.a,
        receivalInstructions: "Barn by 8am",
        feesShown: "1",
        feeIds: [c.w.fees.supplierA.id, c.w.fees.supplierA2.id],
      })),
    ],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierA.id).feeIds).toContain(c.w.fees.supplierA2.id),
    writes: edited({ incoming_exchange_fees: add(1) }),
  },
  {
    action: "incoming fees and receival instructions",
    what: "attach a coordinator fee to Farm A's incoming exchange",
    expect: { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 },
    api: putIncomingApi(A, (c) => ({ feeIds: [c.w.fees.supplierA.id, c.w.fees.hub2.id] })),
    forms: [
      incomingForm(A, (c) => ({
        variantIds: c.w.variants.a,
        receivalInstructions: "Barn by 8am",
        feesShown: "1",
        feeIds: [c.w.fees.supplierA.id, c.w.fees.hub2.id],
      })),
    ],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierA.id).feeIds).toContain(c.w.fees.hub2.id),
    writes: edited({ incoming_exchange_fees: add(1) }),
  },
  {
    action: "incoming fees and receival instructions",
    what: "change Farm B's receival instructions (another supplier's)",
    expect: coordinatorOnlyHidden,
    api: putIncomingApi(B, () => ({ receivalInstructions: "Gate 2" })),
    forms: [incomingForm(B, (c) => ({ variantIds: [c.w.variants.b[0]], receivalInstructions: "Gate 2" }))],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierB.id).receivalInstructions).toBe("Gate 2"),
    writes: edited({ incoming_exchanges: change(1) }),
  },
  {
    action: "incoming fees and receival instructions",
    what: "attach a fee to Farm B's incoming exchange (another supplier's)",
    expect: coordinatorOnlyHidden,
    api: putIncomingApi(B, (c) => ({ feeIds: [c.w.fees.supplierB.id, c.w.fees.hub2.id] })),
    forms: [
      incomingForm(B, (c) => ({
        variantIds: [c.w.variants.b[0]],
        receivalInstructions: "Dairy door",
        feesShown: "1",
        feeIds: [c.w.fees.supplierB.id, c.w.fees.hub2.id],
      })),
    ],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierB.id).feeIds).toContain(c.w.fees.hub2.id),
    writes: edited({ incoming_exchange_fees: add(1) }),
  },

  // add / remove distributors: coordinator only. A supplier sees every distributor (its products in
  // their lists), so removing one it sees is 403; River does not see Lake, so that one is 404.
  {
    action: "add / remove distributors",
    what: "add Hill Co-op as a distributor",
    expect: coordinatorOnlyHidden,
    api: putOutgoingApi(HILL, () => ({})),
    forms: [outgoingIntentForm("add", HILL)],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.hill.id)).toBeDefined(),
    writes: edited({ outgoing_exchanges: add(1), outgoing_exchange_shipping_methods: add(1), outgoing_exchange_payment_methods: add(1) }),
  },
  {
    action: "add / remove distributors",
    what: "remove River Co-op",
    expect: { coordinator: 204, supplier: 403, distributor: 403, unrelated: 404 },
    api: deleteOutgoingApi(RIVER),
    forms: [outgoingIntentForm("remove", RIVER)],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.distributor.id)).toBeUndefined(),
    writes: edited({
      outgoing_exchanges: drop(1),
      outgoing_exchange_variants: drop(2),
      outgoing_exchange_fees: drop(1),
      outgoing_exchange_shipping_methods: drop(2),
      outgoing_exchange_payment_methods: drop(2),
    }),
  },
  {
    action: "add / remove distributors",
    what: "remove Lake Co-op (another distributor)",
    expect: { coordinator: 204, supplier: 403, distributor: 404, unrelated: 404 },
    api: deleteOutgoingApi(LAKE),
    forms: [outgoingIntentForm("remove", LAKE)],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.lake.id)).toBeUndefined(),
    writes: edited({
      outgoing_exchanges: drop(1),
      outgoing_exchange_variants: drop(2),
      outgoing_exchange_fees: drop(1),
      outgoing_exchange_shipping_methods: drop(2),
      outgoing_exchange_payment_methods: drop(2),
    }),
  },

  // variants of an outgoing exchange: coordinator any; supplier its own products only where that
  // distributor granted it add_to_order_cycle (River yes, Lake no); distributor own, only for
  // suppliers that granted it (A yes, B no).
  {
    action: "variants of an outgoing exchange",
    what: "tick Farm A's third variant in River's list (River granted A; A granted River)",
    expect: { coordinator: 200, supplier: 200, distributor: 200, unrelated: 404 },
    api: putOutgoingApi(RIVER, (c) => ({ variantIds: c.w.variants.a })),
    forms: [outgoingVariantsForm(RIVER, (c) => c.w.variants.a)],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.distributor.id).variantIds).toEqual(sorted(c.w.variants.a)),
    writes: edited({ outgoing_exchange_variants: add(1) }),
  },
  {
    action: "variants of an outgoing exchange",
    what: "untick Farm A's second variant in River's list",
    expect: { coordinator: 200, supplier: 200, distributor: 200, unrelated: 404 },
    api: putOutgoingApi(RIVER, (c) => ({ variantIds: [c.w.variants.a[0]] })),
    forms: [outgoingVariantsForm(RIVER, (c) => [c.w.variants.a[0]])],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.distributor.id).variantIds).toEqual([c.w.variants.a[0]]),
    writes: edited({ outgoing_exchange_variants: drop(1) }),
  },
  {
    action: "variants of an outgoing exchange",
    what: "tick Farm A's second variant in Lake's list (Lake did not grant A)",
    expect: { coordinator: 200, supplier: 403, distributor: 404, unrelated: 404 },
    api: putOutgoingApi(LAKE, (c) => ({ variantIds: [c.w.variants.a[0], c.w.variants.a[1], c.w.variants.b[0]] })),
    forms: [outgoingVariantsForm(LAKE, (c) => [c.w.variants.a[0], c.w.variants.a[1], c.w.variants.b[0]])],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.lake.id).variantIds).toContain(c.w.variants.a[1]),
    writes: edited({ outgoing_exchange_variants: add(1) }),
  },
  {
    action: "variants of an outgoing exchange",
    what: "untick Farm A's variant in Lake's list (Lake did not grant A): the supplier's list of editable ids is empty",
    expect: { coordinator: 200, supplier: "ignored", distributor: 404, unrelated: 404 },
    api: putOutgoingApi(LAKE, (c) => ({ variantIds: [c.w.variants.b[0]] })),
    forms: [outgoingVariantsForm(LAKE, (c) => [c.w.variants.b[0]])],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.lake.id).variantIds).toEqual([c.w.variants.b[0]]),
    writes: edited({ outgoing_exchange_variants: drop(1) }),
  },
  {
    action: "variants of an outgoing exchange",
    what: "tick Farm B's variant in River's list (B did not grant River)",
    expect: { coordinator: 403, supplier: 403, distributor: 403, unrelated: 404 },
    api: putOutgoingApi(RIVER, (c) => ({ variantIds: [...c.w.variants.a.slice(0, 2), c.w.variants.b[0]] })),
    forms: [outgoingVariantsForm(RIVER, (c) => [...c.w.variants.a.slice(0, 2), c.w.variants.b[0]])],
    changed: () => {
      throw new Error("never allowed");
    },
    writes: {},
  },

  // ready for, pickup instructions, tags, outgoing fees, methods: coordinator any; supplier no; distributor own only.
  ...(["River", "Lake"] as const).flatMap((name): MutationRow[] => {
    const target = name === "River" ? RIVER : LAKE;
    const own = name === "River";
    const expectation = { coordinator: 200, supplier: 403, distributor: own ? 200 : 404, unrelated: 404 } as const;
    const action = "ready for, pickup instructions, tags, outgoing fees, methods";
    const whose = own ? "River's own exchange" : "Lake's exchange (another distributor's)";
    const ownFee = (w: CoopPlus) => (own ? w.fees.distributor2.id : w.fees.lake2.id);
    const firstFee = (w: CoopPlus) => (own ? w.fees.distributor.id : w.fees.lake.id);
    const firstMethods = (w: CoopPlus) => {
      const methods = own ? w.methods.distributorAll : w.methods.lake;
      return { shippingMethodIds: [methods[0].shipping.id], paymentMethodIds: [methods[0].payment.id] };
    };
    return [
      {
        action,
        what: `change ready for of ${whose}`,
        expect: expectation,
        api: putOutgoingApi(target, () => ({ readyFor: "Thursday 9" })),
        forms: [outgoingDetailsForm(target, () => ({ readyFor: "Thursday 9" }))],
        changed: (after, _, c) => expect(outgoingOf(after, target(c.w)).readyFor).toBe("Thursday 9"),
        writes: edited({ outgoing_exchanges: change(1) }),
      },
      {
        action,
        what: `change pickup instructions of ${whose}`,
        expect: expectation,
        api: putOutgoingApi(target, () => ({ pickupInstructions: "Ring twice" })),
        forms: [outgoingDetailsForm(target, () => ({ pickupInstructions: "Ring twice" }))],
        changed: (after, _, c) => expect(outgoingOf(after, target(c.w)).pickupInstructions).toBe("Ring twice"),
        writes: edited({ outgoing_exchanges: change(1) }),
      },
      {
        action,
        what: `change tags of ${whose}`,
        expect: expectation,
        api: putOutgoingApi(target, () => ({ tags: ["members"] })),
        forms: [outgoingDetailsForm(target, () => ({ tags: "members" }))],
        changed: (after, _, c) => expect(outgoingOf(after, target(c.w)).tags).toEqual(["members"]),
        writes: edited({ outgoing_exchanges: change(1) }),
      },
      {
        action,
        what: `attach the distributor's own second fee to ${whose}`,
        expect: expectation,
        api: putOutgoingApi(target, (c) => ({ feeIds: [firstFee(c.w), ownFee(c.w)] })),
        forms: [outgoingDetailsForm(target, (c) => ({ feeIds: [firstFee(c.w), ownFee(c.w)] }))],
        changed: (after, _, c) => expect(outgoingOf(after, target(c.w)).feeIds).toContain(ownFee(c.w)),
        writes: edited({ outgoing_exchange_fees: add(1) }),
      },
      {
        action,
        what: `attach a coordinator fee to ${whose}`,
        expect: { ...expectation, distributor: own ? 403 : 404 },
        api: putOutgoingApi(target, (c) => ({ feeIds: [firstFee(c.w), c.w.fees.hub2.id] })),
        forms: [outgoingDetailsForm(target, (c) => ({ feeIds: [firstFee(c.w), c.w.fees.hub2.id] }))],
        changed: (after, _, c) => expect(outgoingOf(after, target(c.w)).feeIds).toContain(c.w.fees.hub2.id),
        writes: edited({ outgoing_exchange_fees: add(1) }),
      },
      {
        action,
        what: `offer only the first shipping and payment method in ${whose}`,
        expect: expectation,
        api: putOutgoingApi(target, (c) => firstMethods(c.w)),
        forms: [checkoutForm(target, (c) => firstMethods(c.w))],
        changed: (after, _, c) => {
          const exchange = outgoingOf(after, target(c.w));
          expect({ shippingMethodIds: exchange.shippingMethodIds, paymentMethodIds: exchange.paymentMethodIds }).toEqual(firstMethods(c.w));
        },
        writes: edited({ outgoing_exchange_shipping_methods: drop(1), outgoing_exchange_payment_methods: drop(1) }),
      },
    ];
  }),

  // visibility (unlisted, share key): with the other outgoing details, coordinator any, distributor own only.
  ...(["River", "Lake"] as const).map((name): MutationRow => {
    const target = name === "River" ? RIVER : LAKE;
    return {
      action: "visibility (unlisted, share key)",
      what: `make ${name === "River" ? "River's own exchange" : "Lake's exchange (another distributor's)"} unlisted`,
      expect: { coordinator: 200, supplier: 403, distributor: name === "River" ? 200 : 404, unrelated: 404 },
      api: putOutgoingApi(target, () => ({ visibility: "unlisted" })),
      forms: [outgoingDetailsForm(target, () => ({ visibility: "unlisted" }))],
      changed: (after, _, c) =>
        expect(outgoingOf(after, target(c.w))).toMatchObject({ visibility: "unlisted", shareKey: expect.stringMatching(/^[\w-]{32}$/) }),
      writes: edited({ outgoing_exchanges: change(1) }),
    };
  }),
  {
    action: "visibility (unlisted, share key)",
    what: "make a new share link for River's unlisted exchange (the old one stops working)",
    expect: { coordinator: 201, supplier: 403, distributor: 201, unrelated: 404 },
    prepare: async (w, cycleId) => void (await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { visibility: "unlisted" })),
    api: (c) => ({ route: shareKeyApi, method: "POST", params: { ...cycleParams(c), distributorId: c.w.distributor.id } }),
    forms: [(c) => ({ route: outgoingPage, params: cycleParams(c), form: { intent: "newLink", distributorId: c.w.distributor.id } })],
    changed: (after, before, c) => {
      expect(outgoingOf(after, c.w.distributor.id).shareKey).toMatch(/^[\w-]{32}$/);
      expect(outgoingOf(after, c.w.distributor.id).shareKey).not.toBe(outgoingOf(before, c.w.distributor.id).shareKey);
    },
    writes: edited({ outgoing_exchanges: change(1) }),
  },

  // announce an open cycle to the distributor's consenting customers (docs/domain.md 13): the
  // coordinator any exchange, a distributor its own; one outbox email per consenting customer.
  ...(["River", "Lake"] as const).map((name): MutationRow => {
    const target = name === "River" ? RIVER : LAKE;
    return {
      action: "announce to customers",
      what: `announce the open cycle to ${name === "River" ? "River's own" : "Lake's (another distributor's)"} consenting customers`,
      expect: { coordinator: 202, supplier: 403, distributor: name === "River" ? 202 : 404, unrelated: 404 },
      prepare: async (w, cycleId) => {
        await updateOrderCycle(w.actors.hub, cycleId, { opensAt: minuteFromNow(-60).toISOString() });
        await putOutgoingExchange(w.actors.hub, cycleId, target(w), { tags: [] });
        await grantMarketingConsent(getDb(), target(w), `news-${name.toLowerCase()}@example.org`, "distributor", new Date());
      },
      api: (c) => ({ route: announceApi, method: "POST", params: { ...cycleParams(c), distributorId: target(c.w) }, body: { message: "Open" } }),
      forms: [(c) => ({ route: outgoingPage, params: cycleParams(c), form: { intent: "announce", distributorId: target(c.w), message: "Open" } })],
      changed: (after, before) => expect(after.view?.outgoing).toEqual(before.view?.outgoing),
      writes: { outbox_emails: add(1) },
    };
  }),

  // lock an exchange's variants: the coordinator only; once locked, nobody else ticks or unticks them.
  {
    action: "lock an exchange's variants",
    what: "lock River's offer",
    expect: { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 },
    api: putOutgoingApi(RIVER, () => ({ variantsLocked: true })),
    forms: [outgoingDetailsForm(RIVER, () => ({ lockShown: "1", variantsLocked: "on" }))],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.distributor.id).variantsLocked).toBe(true),
    writes: edited({ outgoing_exchanges: change(1) }),
  },
  {
    action: "lock an exchange's variants",
    what: "untick Farm A's second variant in River's locked list",
    expect: { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 },
    prepare: async (w, cycleId) => void (await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantsLocked: true })),
    api: putOutgoingApi(RIVER, (c) => ({ variantIds: [c.w.variants.a[0]] })),
    forms: [outgoingVariantsForm(RIVER, (c) => [c.w.variants.a[0]])],
    changed: (after, _, c) => expect(outgoingOf(after, c.w.distributor.id).variantIds).toEqual([c.w.variants.a[0]]),
    writes: edited({ outgoing_exchange_variants: drop(1) }),
  },
  // thresholds, caps, per-buyer limits (docs/domain.md 12, decision 0046): the coordinator sets the
  // cycle's cap and the limits; a distributor the caps of its own pickup points only.
  {
    action: "thresholds, caps, per-buyer limits, lock an exchange's variants",
    what: "cap the cycle at 30 orders",
    expect: settingsOnly,
    api: patchApi(() => ({ maxOrders: 30 })),
    forms: [settingsForm(() => ({ maxOrders: "30" }))],
    changed: (after) => expect(after.view!.maxOrders).toBe(30),
    writes: edited({}),
  },
  {
    action: "thresholds, caps, per-buyer limits, lock an exchange's variants",
    what: "limit Farm A's first variant to 2 per buyer",
    expect: { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 },
    api: putIncomingApi(A, (c) => ({ limits: [{ variantId: c.w.variants.a[0], maxPerBuyer: 2 }] })),
    forms: [incomingForm(A, (c) => ({ variantIds: c.w.variants.a, limitsShown: "1", [`limit:${c.w.variants.a[0]}`]: "2" }))],
    changed: (after, _, c) => expect(incomingOf(after, c.w.supplierA.id).limits).toEqual([{ variantId: c.w.variants.a[0], maxPerBuyer: 2 }]),
    writes: edited({ incoming_exchange_variants: change(1) }),
  },
  ...(["River", "Lake"] as const).map((name): MutationRow => {
    const target = name === "River" ? RIVER : LAKE;
    const own = name === "River";
    const method = (w: CoopPlus) => (own ? w.methods.distributorAll[0] : w.methods.lake[0]).shipping.id;
    return {
      action: "thresholds, caps, per-buyer limits, lock an exchange's variants",
      what: `cap the first pickup point of ${own ? "River's own exchange" : "Lake's exchange (another distributor's)"} at 15 orders`,
      expect: { coordinator: 200, supplier: 403, distributor: own ? 200 : 404, unrelated: 404 },
      api: putOutgoingApi(target, (c) => ({ shippingMethodCaps: [{ shippingMethodId: method(c.w), maxOrders: 15 }] })),
      forms: [outgoingDetailsForm(target, (c) => ({ capsShown: "1", [`pickupCap:${method(c.w)}`]: "15" }))],
      changed: (after, _, c) =>
        expect(outgoingOf(after, target(c.w)).shippingMethodCaps).toEqual([{ shippingMethodId: method(c.w), maxOrders: 15, placedOrders: 0 }]),
      writes: edited({ pickup_point_caps: add(1) }),
    };
  }),

  // create a cycle: only a manager of the hub that will coordinate it (docs/domain.md 1: chosen at
  // creation). Not a section 3 row of its own, but the first thing a coordinator does.
  {
    action: "create a cycle",
    what: "create a cycle coordinated by Green Hub",
    expect: { coordinator: 201, supplier: 403, distributor: 403, unrelated: 403 },
    api: (c) => ({ route: cyclesApi, method: "POST", body: { name: "Week 50", coordinatorId: c.w.hub.id, coordinatorFeeIds: [c.w.fees.hub.id] } }),
    forms: [
      (c) => ({
        route: newCyclePage,
        path: "/admin/order-cycles/new",
        form: { name: "Week 50", coordinatorId: c.w.hub.id, opensAt: "", closesAt: "", [`coordinatorFeeIds:${c.w.hub.id}`]: c.w.fees.hub.id },
      }),
    ],
    formSuccess: 302,
    changed: (after, before) => expect(after.cycles).toBe(before.cycles + 1),
    writes: { order_cycles: add(1), order_cycle_coordinator_fees: add(1), order_cycle_history: add(1) },
  },

  // notify producers now: coordinator only.
  {
    action: "notify producers now",
    what: "notify the cycle's producers now",
    expect: { coordinator: 202, supplier: 403, distributor: 403, unrelated: 404 },
    api: (c) => ({ route: notifyApi, method: "POST", params: cycleParams(c) }),
    forms: [(c) => ({ route: notificationsPage, params: cycleParams(c), path: `/admin/order-cycles/${c.cycleId}/notifications`, form: {} })],
    changed: (after, before) => {
      expect(before.view!.notifiedAt).toBeNull();
      expect(after.view!.notifiedAt).not.toBeNull();
      expect(after.history).toBe(before.history + 1);
    },
    // Each producer's notice too: what it was told and the generation that signs its confirmation link.
    writes: edited({ outbox_emails: add(2), supplier_notices: add(2) }),
  },

  // clone / delete: coordinator only.
  {
    action: "clone / delete",
    what: "clone the cycle",
    expect: { coordinator: 201, supplier: 403, distributor: 403, unrelated: 404 },
    api: (c) => ({ route: cloneApi, method: "POST", params: cycleParams(c) }),
    forms: [(c) => ({ route: generalPage, params: cycleParams(c), form: { intent: "clone" } })],
    formSuccess: 302,
    changed: (after, before) => expect(after.cycles).toBe(before.cycles + 1),
    writes: {
      order_cycles: add(1),
      order_cycle_coordinator_fees: add(1),
      order_cycle_history: add(1),
      incoming_exchanges: add(2),
      incoming_exchange_variants: add(4),
      incoming_exchange_fees: add(2),
      outgoing_exchanges: add(2),
      outgoing_exchange_variants: add(4),
      outgoing_exchange_fees: add(2),
      outgoing_exchange_shipping_methods: add(4),
      outgoing_exchange_payment_methods: add(4),
    },
  },
  // repeat: coordinator only, like a clone (each copy is one).
  {
    action: "repeat",
    what: "repeat the cycle next week",
    expect: { coordinator: 201, supplier: 403, distributor: 403, unrelated: 404 },
    api: (c) => ({ route: repeatApi, method: "POST", params: cycleParams(c), body: { every: { weeks: 1 }, count: 1 } }),
    forms: [(c) => ({ route: generalPage, params: cycleParams(c), form: { intent: "repeat", every: "1w", count: "1" } })],
    formSuccess: 200,
    changed: (after, before) => expect(after.cycles).toBe(before.cycles + 1),
    writes: {
      // The copy, and the cycle itself now first in its series.
      order_cycles: { added: 2, removed: 1 },
      order_cycle_coordinator_fees: add(1),
      order_cycle_history: add(1),
      incoming_exchanges: add(2),
      incoming_exchange_variants: add(4),
      incoming_exchange_fees: add(2),
      outgoing_exchanges: add(2),
      outgoing_exchange_variants: add(4),
      outgoing_exchange_fees: add(2),
      outgoing_exchange_shipping_methods: add(4),
      outgoing_exchange_payment_methods: add(4),
    },
  },
  {
    action: "clone / delete",
    what: "delete the cycle",
    expect: { coordinator: 204, supplier: 403, distributor: 403, unrelated: 404 },
    api: (c) => ({ route: cycleApi, method: "DELETE", params: cycleParams(c) }),
    forms: [(c) => ({ route: generalPage, params: cycleParams(c), form: { intent: "delete" } })],
    formSuccess: 302,
    changed: (after, before) => {
      expect(after.view).toBeNull();
      expect(after.cycles).toBe(before.cycles - 1);
    },
    writes: {
      order_cycles: drop(1),
      order_cycle_coordinator_fees: drop(1),
      order_cycle_history: drop(5),
      incoming_exchanges: drop(2),
      incoming_exchange_variants: drop(4),
      incoming_exchange_fees: drop(2),
      outgoing_exchanges: drop(2),
      outgoing_exchange_variants: drop(4),
      outgoing_exchange_fees: drop(2),
      outgoing_exchange_shipping_methods: drop(4),
      outgoing_exchange_payment_methods: drop(4),
    },
  },
];

// ---------- THE TABLE: "see" rows ----------

type Visibility = "visible" | "hidden";
type SeeRow = {
  action: string;
  what: string;
  expect: Record<Role, Visibility>;
  /** Whether the thing is present in what the caller got (the API view, or the editor page's cycle). */
  present: (view: any, w: CoopPlus) => boolean;
  /** Text that must appear nowhere in the answer (API JSON or page loader data) when hidden. */
  markers: (w: CoopPlus) => string[];
};

const involvedOnly = { coordinator: "visible", supplier: "visible", distributor: "visible", unrelated: "hidden" } as const;
const inc = (view: any, id: string) => view.incoming.find((e: any) => e.supplier.id === id);
const out = (view: any, id: string) => view.outgoing.find((e: any) => e.distributor.id === id);

const sightings: SeeRow[] = [
  {
    action: "name, dates, coordinator fees, notification flag",
    what: "read the name, dates, coordinator fees and flag",
    expect: involvedOnly,
    present: (view, w) =>
      view.name === "Week 48" && view.opensAt !== null && view.coordinatorFeeIds.includes(w.fees.hub.id) && view.automaticNotifications === false,
    markers: () => ["Week 48"],
  },
  {
    action: "variants of an incoming exchange",
    what: "read the variants of Farm A's incoming exchange (A granted River)",
    expect: involvedOnly,
    present: (view, w) => inc(view, w.supplierA.id)?.variantIds.length === 3,
    markers: (w) => [w.variants.a[2]],
  },
  {
    action: "incoming fees and receival instructions",
    what: "read Farm A's incoming fees and receival instructions",
    expect: { coordinator: "visible", supplier: "visible", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => inc(view, w.supplierA.id)?.receivalInstructions === "Barn by 8am" && inc(view, w.supplierA.id)?.feeIds.includes(w.fees.supplierA.id),
    markers: (w) => ["Barn by 8am", w.fees.supplierA.id],
  },
  {
    action: "see other suppliers' exchanges",
    what: "see Farm B's incoming exchange (B granted Lake, not River)",
    expect: { coordinator: "visible", supplier: "hidden", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => inc(view, w.supplierB.id) !== undefined,
    markers: (w) => ["Dairy door", w.supplierB.id, w.fees.supplierB.id, ...w.variants.b],
  },
  {
    action: "see other distributors' exchanges",
    what: "see River's exchange with its details (pickup, tags, fees, methods)",
    expect: { coordinator: "visible", supplier: "hidden", distributor: "visible", unrelated: "hidden" },
    present: (view, w) => out(view, w.distributor.id)?.pickupInstructions === "Back door" && out(view, w.distributor.id)?.tags.includes("vip-river"),
    markers: (w) => ["Back door", "vip-river", w.fees.distributor.id, w.methods.distributorAll[1].shipping.id],
  },
  {
    action: "see other distributors' exchanges",
    what: "see Farm A's products in River's list",
    expect: involvedOnly,
    present: (view, w) => out(view, w.distributor.id)?.variantIds.includes(w.variants.a[1]),
    markers: () => [],
  },
  {
    action: "see other distributors' exchanges",
    what: "see Lake's exchange and its ready for",
    expect: { coordinator: "visible", supplier: "visible", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => out(view, w.lake.id)?.readyFor === "Saturday lake",
    markers: (w) => ["Saturday lake", "Lake shed", "vip-lake", w.lake.id, w.fees.lake.id],
  },
  {
    action: "see other distributors' exchanges",
    what: "see Lake's details (pickup, tags, fees, methods)",
    expect: { coordinator: "visible", supplier: "hidden", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => out(view, w.lake.id)?.pickupInstructions === "Lake shed",
    markers: (w) => ["Lake shed", "vip-lake", w.fees.lake.id, w.methods.lake[0].shipping.id, w.methods.lake[1].payment.id],
  },
  {
    action: "see other distributors' exchanges",
    what: "see Farm A's products in Lake's list (a supplier sees its own products there)",
    expect: { coordinator: "visible", supplier: "visible", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => out(view, w.lake.id)?.variantIds.includes(w.variants.a[0]),
    markers: () => [],
  },
  {
    action: "see other distributors' exchanges",
    what: "see Farm B's products in Lake's list (another supplier's products)",
    expect: { coordinator: "visible", supplier: "hidden", distributor: "hidden", unrelated: "hidden" },
    present: (view, w) => out(view, w.lake.id)?.variantIds.includes(w.variants.b[0]),
    markers: (w) => [w.variants.b[0]],
  },
];

// ---------- running the table ----------

let w: CoopPlus;
let sharedCycleId: string;
/** A bearer token and a browser session for each role's two people. */
const players = {} as Record<Role, Record<Person, { token: string; cookie: string }>>;

beforeAll(async () => {
  w = await coopPlus();
  sharedCycleId = await seedCycle(w);
  const enterpriseOf = { coordinator: w.hub, supplier: w.supplierA, distributor: w.distributor, unrelated: w.unrelated };
  for (const role of roles) {
    const first = w.people[personOf[role]];
    const second = await createUser({ name: `Second ${role} manager` });
    await getDb().insert(enterpriseManagers).values({ enterpriseId: enterpriseOf[role].id, userId: second.id });
    players[role] = {
      1: { token: first.token, cookie: w.sessions[personOf[role]] },
      2: { token: await createApiToken(second.id), cookie: await sessionCookie(second) },
    };
  }
});

const succeeded = (outcome: Outcome) => outcome !== 403 && outcome !== 404;

/** The cycle a row's refusals share: the common one, or for a row that prepares its cycle, one of its own prepared once. */
const preparedShared = new Map<MutationRow, Promise<string>>();
function sharedCycleFor(row: MutationRow): Promise<string> {
  if (!row.prepare) return Promise.resolve(sharedCycleId);
  if (!preparedShared.has(row))
    preparedShared.set(
      row,
      seedCycle(w).then(async (id) => {
        await row.prepare!(w, id);
        return id;
      }),
    );
  return preparedShared.get(row)!;
}

async function run(call: Call, role: Role, person: Person, door: "api" | "form") {
  const { route, ...options } = call;
  return callRoute(route, door === "api" ? { ...options, token: players[role][person].token } : { ...options, cookie: players[role][person].cookie });
}

type MutationCase = { door: "api" | "form"; role: Role; person: Person; row: MutationRow; formIndex: number; outcome: Outcome };
const mutationCases: MutationCase[] = mutations.flatMap((row) =>
  roles.flatMap((role) =>
    people.flatMap((person): MutationCase[] => [
      { door: "api", role, person, row, formIndex: -1, outcome: row.expect[role] },
      ...row.forms.map((_, formIndex) => ({ door: "form" as const, role, person, row, formIndex, outcome: row.expect[role] })),
    ]),
  ),
);

describe("section 3 permission table: mutations", () => {
  it.each(
    mutationCases.map(
      (c) =>
        [
          `${c.door === "api" ? "API" : `form${c.row.forms.length > 1 ? ` ${c.formIndex + 1}` : ""}`} · ${c.role} (${nth(c.person)}) · ${c.row.action}: ${c.row.what} → ${c.outcome}`,
          c,
        ] as const,
    ),
  )("%s", async (_, { door, role, person, row, formIndex, outcome }) => {
    // An allowed change gets a cycle of its own; refusals all share one (which must never change),
    // or one per row when the row prepares its cycle.
    const refused = outcome === 403 || outcome === 404 || outcome === "ignored";
    const cycleId = refused ? await sharedCycleFor(row) : await seedCycle(w);
    if (!refused) await row.prepare?.(w, cycleId);
    const before = await snapshot(w, cycleId);
    const ctx: Ctx = { w, cycleId, view: before.view! };
    const call = door === "api" ? row.api(ctx) : row.forms[formIndex](ctx);
    const database = await snapshotDatabase();
    const res = await run(call, role, person, door);
    const expectedStatus = outcome === "ignored" ? 200 : succeeded(outcome) ? (door === "api" ? outcome : (row.formSuccess ?? 200)) : outcome;
    expect(res.status, await res.clone().text()).toBe(expectedStatus);
    const writes = changesBetween(database, await snapshotDatabase());
    const after = await snapshot(w, cycleId);
    if (succeeded(outcome) && outcome !== "ignored") {
      row.changed(after, before, ctx);
      expect(writes, "the rows written, table by table").toEqual(row.writes);
      if (door === "form" && expectedStatus === 200) expect(await json(res)).toMatchObject({ ok: true });
    } else {
      expect(writes, "a refusal writes nothing anywhere").toEqual({});
      expect(after).toEqual(before);
      if (outcome !== "ignored") {
        const body = await json(res);
        // API errors follow the contract; forms answer a translated message.
        if (door === "api") expect(body.error.code).toBe(outcome === 403 ? "forbidden" : "not_found");
        else expect(body).toMatchObject({ ok: false, formError: expect.any(String) });
      }
    }
  });
});

type SeeCase = { door: "api" | "page"; role: Role; person: Person; row: SeeRow; outcome: Visibility };
const seeCases: SeeCase[] = sightings.flatMap((row) =>
  roles.flatMap((role) =>
    people.flatMap((person): SeeCase[] => (["api", "page"] as const).map((door) => ({ door, role, person, row, outcome: row.expect[role] }))),
  ),
);

describe("section 3 permission table: what each role sees", () => {
  it.each(
    roles.flatMap((role) =>
      people.flatMap((person) =>
        (["api", "page"] as const).map(
          (door) =>
            [
              `${door === "api" ? "API list" : "list page"} · ${role} (${nth(person)}) · see the cycle in their list → ${role === "unrelated" ? "hidden" : "visible"}`,
              role,
              person,
              door,
            ] as const,
        ),
      ),
    ),
  )("%s", async (_, role, person, door) => {
    const res =
      door === "api"
        ? await callRoute(cyclesApi, { token: players[role][person].token })
        : await callRoute(listPage, { cookie: players[role][person].cookie, path: "/admin/order-cycles" });
    expect(res.status).toBe(200);
    const body = await json(res);
    const ids = (door === "api" ? body.items : body.cycles).map((cycle: { id: string }) => cycle.id);
    if (role === "unrelated") expect(ids).not.toContain(sharedCycleId);
    else expect(ids).toContain(sharedCycleId);
  });

  it.each(
    seeCases.map(
      (c) => [`${c.door === "api" ? "API" : "editor page"} · ${c.role} (${nth(c.person)}) · ${c.row.action}: ${c.row.what} → ${c.outcome}`, c] as const,
    ),
  )("%s", async (_, { door, role, person, row, outcome }) => {
    const res =
      door === "api"
        ? await callRoute(cycleApi, { token: players[role][person].token, params: { cycleId: sharedCycleId } })
        : await callRoute(editorPage, {
            cookie: players[role][person].cookie,
            params: { cycleId: sharedCycleId },
            path: `/admin/order-cycles/${sharedCycleId}/outgoing`,
          });
    if (role === "unrelated") {
      // Not involved: the whole cycle is absent.
      expect(res.status).toBe(404);
      const text = await res.text();
      for (const marker of row.markers(w)) expect(text).not.toContain(marker);
      return;
    }
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    const body = await json(res);
    const view = door === "api" ? body : body.editor.cycle;
    expect(Boolean(row.present(view, w))).toBe(outcome === "visible");
    if (outcome === "hidden") for (const marker of row.markers(w)) expect(text, `leaks ${marker}`).not.toContain(marker);
  });
});

// ---------- orders of the cycle: the hub's desk (page door; the API's order list is a later issue) ----------

describe("section 3 permission table: orders of the cycle", () => {
  let ordersCycleId: string;
  const orderIds: Record<"river" | "lake", string> = { river: "", lake: "" };

  beforeAll(async () => {
    ordersCycleId = await seedCycle(w, { name: "Orders table" });
    const insert = async (distributorId: string, email: string, phone: string) => {
      const [row] = await getDb()
        .insert(ordersTable)
        .values({ orderCycleId: ordersCycleId, distributorId, email, phone, buyerName: email.split("@")[0], state: "placed", placedAt: new Date() })
        .returning({ id: ordersTable.id });
      return row.id;
    };
    orderIds.river = await insert(w.distributor.id, "river-buyer@example.org", "01 11 11 11 11");
    orderIds.lake = await insert(w.lake.id, "lake-buyer@example.org", "02 22 22 22 22");
  });

  const listRows: { what: string; expect: Record<Role, "all" | "river" | 404> }[] = [
    {
      what: "the cycle's orders page: every shop's orders, its own shop's, or 404",
      expect: { coordinator: "all", supplier: 404, distributor: "river", unrelated: 404 },
    },
  ];
  it.each(
    roles.flatMap((role) =>
      people.flatMap((person) =>
        listRows.map((row) => [`orders page · ${role} (${nth(person)}) · orders of the cycle: ${row.what} → ${row.expect[role]}`, role, person, row] as const),
      ),
    ),
  )("%s", async (_, role, person, row) => {
    const res = await callRoute(ordersPage, {
      cookie: players[role][person].cookie,
      params: { cycleId: ordersCycleId },
      path: `/admin/order-cycles/${ordersCycleId}/orders`,
    });
    const outcome = row.expect[role];
    if (outcome === 404) {
      expect(res.status).toBe(404);
      return;
    }
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    const ids = (await json(res)).orders.map((order: { id: string }) => order.id);
    expect(ids).toEqual(outcome === "all" ? [orderIds.river, orderIds.lake] : [orderIds.river]);
    if (outcome === "river") expect(text, "leaks Lake's buyer").not.toContain("lake-buyer@example.org");
  });

  const orderRows: { what: string; order: "river" | "lake"; expect: Record<Role, 200 | 404> }[] = [
    { what: "open River's order with the buyer's contact", order: "river", expect: { coordinator: 200, supplier: 404, distributor: 200, unrelated: 404 } },
    { what: "open Lake's order (another shop's, for River)", order: "lake", expect: { coordinator: 200, supplier: 404, distributor: 404, unrelated: 404 } },
  ];
  it.each(
    roles.flatMap((role) =>
      people.flatMap((person) =>
        orderRows.map(
          (row) => [`hub order page · ${role} (${nth(person)}) · orders of the cycle: ${row.what} → ${row.expect[role]}`, role, person, row] as const,
        ),
      ),
    ),
  )("%s", async (_, role, person, row) => {
    const orderId = orderIds[row.order];
    const res = await callRoute(hubOrderPage, {
      cookie: players[role][person].cookie,
      params: { cycleId: ordersCycleId, orderId },
      path: `/admin/order-cycles/${ordersCycleId}/orders/${orderId}`,
    });
    expect(res.status).toBe(row.expect[role]);
    const text = await res.text();
    const phone = row.order === "river" ? "01 11 11 11 11" : "02 22 22 22 22";
    if (row.expect[role] === 200) expect(text).toContain(phone);
    else expect(text, `leaks ${phone}`).not.toContain(phone);
  });
});

// ---------- orders of the cycle: the API's orders report (section 3 and section 7) ----------

describe("section 3 permission table: orders of the cycle, through the API's orders report", () => {
  let reportCycleId: string;

  beforeAll(async () => {
    reportCycleId = await seedCycle(w, { name: "Report table", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(24 * 60) });
    await putOutgoingExchange(w.actors.hub, reportCycleId, w.distributor.id, { tags: [] });
    await putOutgoingExchange(w.actors.hub, reportCycleId, w.lake.id, { tags: [] });
    await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: reportCycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email: "xavier@example.org",
        name: "Xavier Roux",
        phone: "03 33 33 33 33",
        lines: [{ variantId: w.variants.a[0], quantity: 2 }],
      },
      undefined,
    );
    await placeOrder(
      {
        distributorId: w.lake.id,
        orderCycleId: reportCycleId,
        shippingMethodId: w.methods.lake[0].shipping.id,
        paymentMethodId: w.methods.lake[0].payment.id,
        email: "zoe@example.org",
        name: "Zoé Arnaud",
        phone: "04 44 44 44 44",
        lines: [
          { variantId: w.variants.a[0], quantity: 3 },
          { variantId: w.variants.b[0], quantity: 1 },
        ],
      },
      undefined,
    );
  });

  type Line = [buyer: string | null, supplier: string, product: string, quantity: number];
  const xavier: Line = ["Xavier Roux", "Farm A", "Carrots", 2];
  const zoeCarrots: Line = ["Zoé Arnaud", "Farm A", "Carrots", 3];
  const zoeMilk: Line = ["Zoé Arnaud", "Farm B", "Milk", 1];
  const expected: Record<Role, { lines: Line[]; hidden: string[] } | 404> = {
    coordinator: { lines: [xavier, zoeCarrots, zoeMilk], hidden: [] },
    // Line items of its own products; no buyer names (Green Hub's preference is off), never a contact.
    supplier: {
      lines: [
        [null, "Farm A", "Carrots", 2],
        [null, "Farm A", "Carrots", 3],
      ],
      hidden: ["Xavier", "Zoé", "xavier@example.org", "zoe@example.org", "03 33", "04 44", "Milk", "Farm B"],
    },
    // The orders placed in its own shop, with buyer names.
    distributor: { lines: [xavier], hidden: ["Zoé", "zoe@example.org", "04 44", "Milk"] },
    unrelated: 404,
  };

  it.each(
    roles.flatMap((role) =>
      people.map(
        (person) => [`orders report · ${role} (${nth(person)}) · orders of the cycle → ${expected[role] === 404 ? 404 : "its lines"}`, role, person] as const,
      ),
    ),
  )("%s", async (_, role, person) => {
    const before = await snapshotDatabase();
    const res = await callRoute(reportApi, {
      token: players[role][person].token,
      params: { cycleId: reportCycleId, name: "orders" },
      path: `/api/v1/order-cycles/${reportCycleId}/reports/orders`,
    });
    const outcome = expected[role];
    const text = await res.clone().text();
    if (outcome === 404) {
      expect(res.status).toBe(404);
      expect(text).not.toContain("Xavier");
    } else {
      expect(res.status, text).toBe(200);
      const rows = (await json(res)).rows as Record<string, unknown>[];
      expect(rows.map((row) => [row.buyer, row.supplier, row.product, row.quantity])).toEqual(outcome.lines);
      for (const marker of outcome.hidden) expect(text, `leaks ${marker}`).not.toContain(marker);
    }
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });
  // The supplier statement is a settlement between the coordinator and each supplier (domain.md 10).
  const statementSeen: Record<Role, string[] | 403 | 404> = {
    coordinator: ["Farm A", "Farm B"],
    supplier: ["Farm A"],
    distributor: 403,
    unrelated: 404,
  };

  it.each(
    roles.flatMap((role) =>
      people.map((person) => {
        const outcome = statementSeen[role];
        return [`supplier statement · ${role} (${nth(person)}) → ${typeof outcome === "number" ? outcome : outcome.join(", ")}`, role, person] as const;
      }),
    ),
  )("%s", async (_, role, person) => {
    const res = await callRoute(reportApi, {
      token: players[role][person].token,
      params: { cycleId: reportCycleId, name: "supplier-statement" },
      path: `/api/v1/order-cycles/${reportCycleId}/reports/supplier-statement`,
    });
    const outcome = statementSeen[role];
    if (typeof outcome === "number") {
      expect(res.status).toBe(outcome);
      expect(await res.text()).not.toContain("Carrots");
    } else {
      expect(res.status).toBe(200);
      const rows = (await json(res)).rows as Record<string, unknown>[];
      expect([...new Set(rows.map((row) => row.supplier))]).toEqual(outcome);
    }
  });
  // The overview is the coordinator's dashboard: the cycle's whole sales (domain.md 7).
  const overviewSeen: Record<Role, 200 | 403 | 404> = { coordinator: 200, supplier: 403, distributor: 403, unrelated: 404 };

  it.each(roles.flatMap((role) => people.map((person) => [`overview · ${role} (${nth(person)}) → ${overviewSeen[role]}`, role, person] as const)))(
    "%s",
    async (_, role, person) => {
      const before = await snapshotDatabase();
      const res = await callRoute(overviewApi, { token: players[role][person].token, params: { cycleId: reportCycleId } });
      expect(res.status).toBe(overviewSeen[role]);
      const body = await json(res);
      if (overviewSeen[role] === 200) expect(body.orders).toBe(2);
      else expect(body).not.toHaveProperty("salesCents");
      expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    },
  );
});
