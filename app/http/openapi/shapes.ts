// Response shapes for the OpenAPI document: the fields clients rely on (docs/api.md), open to more,
// since the contract lets answers gain fields and never lose them.
import { z } from "zod";

const id = z.string();
const instant = z.string().nullable();
const ref = z.looseObject({ id, name: z.string() });

export const errorEnvelope = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    /** Each refused field with why, in the caller's language. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export const resource = z.looseObject({ id });

export const page = (item: z.ZodType = resource) => z.looseObject({ items: z.array(item), nextCursor: z.string().nullable() });

export const manager = z.looseObject({ userId: id, name: z.string(), email: z.string(), isOwner: z.boolean() });
export const managers = z.looseObject({
  items: z.array(manager),
  invitations: z.array(z.looseObject({ id, email: z.string(), invitedAt: z.string() })),
  nextCursor: z.null(),
});

export const session = z.object({ token: z.string(), userId: id });
export const user = z.looseObject({ id, email: z.string(), name: z.string(), locale: z.string().nullable() });
export const enterprise = z.looseObject({ id, name: z.string(), kind: z.string() });

export const incomingExchange = z.looseObject({
  supplier: ref,
  variantIds: z.array(id),
  /** Per-buyer limits (docs/domain.md 12). */
  limits: z.array(z.looseObject({ variantId: id, maxPerBuyer: z.number().int() })),
});
export const outgoingExchange = z.looseObject({
  distributor: ref,
  variantIds: z.array(id),
  variantsLocked: z.boolean(),
  /** Its managers only: listed or unlisted, and the share link's key while unlisted. */
  visibility: z.enum(["listed", "unlisted"]).optional(),
  shareKey: z.string().nullable().optional(),
  /** Pickup-point caps, for the coordinator and the distributor (docs/domain.md 12). */
  shippingMethodCaps: z.array(z.looseObject({ shippingMethodId: id, maxOrders: z.number().int(), placedOrders: z.number().int() })).optional(),
});
export const cycle = z.looseObject({
  id,
  name: z.string(),
  state: z.string(),
  opensAt: instant,
  closesAt: instant,
  coordinator: ref,
  /** At most this many placed orders (docs/domain.md 12); null: no cap. */
  maxOrders: z.number().int().nullable(),
  incoming: z.array(incomingExchange),
  outgoing: z.array(outgoingExchange),
});

/** A cycle in the list: its dates and coordinator, without the exchanges. */
export const cycleListItem = z.looseObject({
  id,
  name: z.string(),
  state: z.string(),
  opensAt: instant,
  closesAt: instant,
  coordinator: ref,
  isCoordinator: z.boolean(),
  hasOrders: z.boolean(),
});

/** A minimum threshold of a cycle with its progress (docs/domain.md 12). */
export const threshold = z.looseObject({
  id,
  scope: z.enum(["cycle", "supplier", "shipping_method"]),
  supplierId: id.nullable(),
  distributorId: id.nullable(),
  shippingMethodId: id.nullable(),
  label: z.string(),
  /** amount: cents; units: items; cases: whole cases of each line, by the case size it was sold by (a broken case does not count). */
  measure: z.enum(["amount", "units", "cases"]),
  minimum: z.number().int(),
  policy: z.enum(["proceed", "cancel", "extend"]),
  extendDays: z.number().int().nullable(),
  currentValue: z.number().int(),
  reached: z.boolean(),
  outcome: z.enum(["reached", "proceeded", "cancelled", "extended"]).nullable(),
  valueAtClose: z.number().int().nullable(),
  appliedAt: instant,
});

/** What a shop's buyers see of a threshold. */
export const publicThreshold = z.looseObject({
  scope: z.enum(["cycle", "supplier", "shipping_method"]),
  label: z.string(),
  /** amount: cents; units: items; cases: whole cases of each line, by the case size it was sold by (a broken case does not count). */
  measure: z.enum(["amount", "units", "cases"]),
  minimum: z.number().int(),
  currentValue: z.number().int(),
  reached: z.boolean(),
});

export const variant = z.looseObject({ id, name: z.string(), priceCents: z.number().int(), stock: z.number().int().nullable() });
export const product = z.looseObject({ id, name: z.string(), variants: z.array(variant) });

/**
 * A variant as a shop sells it in a cycle: priced with its fees; available is what can be ordered,
 * the stock in whole cases (null unlimited); quantities are units and step by unitsPerCase (decision 0056).
 */
export const shopItem = z.looseObject({
  variantId: id,
  productName: z.string(),
  variantName: z.string(),
  supplierName: z.string(),
  priceCents: z.number().int(),
  available: z.number().int().nullable(),
  unitsPerCase: z.number().int().min(1),
  /** The product's image, 480 px wide (JPEG); null when it has none. */
  imageUrl: z.string().nullable(),
});

/** An uploaded product image: the JPEG address of each size (the WebP of each is the same address ending in .webp). */
export const productImage = z.object({
  id,
  urls: z.object({ small: z.string(), medium: z.string(), large: z.string() }),
});

export const order = z.looseObject({
  id,
  number: z.string(),
  state: z.string(),
  paymentState: z.string(),
  fulfilmentState: z.string(),
  distributorId: id,
  orderCycleId: id,
  lines: z.array(z.looseObject({ variantId: id, quantity: z.number().int(), unitPriceCents: z.number().int(), totalCents: z.number().int() })),
  totalCents: z.number().int(),
});

export const report = z.looseObject({
  name: z.string(),
  columns: z.array(z.looseObject({ key: z.string() })),
  rows: z.array(z.record(z.string(), z.unknown())),
  totals: z.unknown(),
});

export const invoice = z.looseObject({ id, number: z.string() });
export const payment = z.looseObject({ id, amountCents: z.number().int() });
export const queued = z.looseObject({ queued: z.number().int() });

/** What a repeat made (or would make): each copy's place in the series, name and dates. */
export const repeat = z.object({
  dryRun: z.boolean(),
  items: z.array(z.object({ id: z.string().optional(), index: z.number().int(), name: z.string(), opensAt: z.string(), closesAt: z.string() })),
  skippedIndexes: z.array(z.number().int()),
});

/** An import's answer: counts of rows, and each refused row's reason (docs/api.md). */
export const importResult = z.looseObject({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(z.looseObject({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: z.string() })),
});
