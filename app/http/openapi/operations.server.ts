// Every /api/v1 route, one entry per method: the OpenAPI document is built from this list, and
// tests/integration/openapi-document.test.ts fails when a route file has a method missing here.
// Request bodies are the schemas the commands validate with, imported, never restated.
import { z } from "zod";
import { createProductSchema, newVariantSchema, updateProductSchema, updateVariantSchema } from "#app/domain/catalogue/schemas";
import {
  addManagerSchema,
  createEnterpriseSchema,
  grantPermissionsSchema,
  invoicingSchema,
  shopPreferencesSchema,
  updateEnterpriseSchema,
} from "#app/domain/enterprises/schemas";
import { createFeeSchema, updateFeeSchema } from "#app/domain/fees/schemas";
import { createPaymentMethodSchema, createShippingMethodSchema, updatePaymentMethodSchema, updateShippingMethodSchema } from "#app/domain/methods/schemas";
import { confirmationSchema } from "#app/domain/notifications/confirmation";
import { createCycleSchema, incomingSchema, outgoingSchema, updateCycleSchema } from "#app/domain/order-cycles/commands.server";
import { cycleStates } from "#app/domain/order-cycles/state";
import { repeatSchema } from "#app/domain/order-cycles/repeat";
import { productCategories } from "#app/domain/catalogue/categories";
import { orderAdjustmentSchema } from "#app/domain/orders/adjust.server";
import { orderLinesSchema } from "#app/domain/orders/lines";
import { markOrdersPaidSchema, recordPaymentSchema, refundSchema } from "#app/domain/payments/schemas";
import { csvStyles, reportNames } from "#app/domain/reports/definitions";
import { customerSchema } from "#app/domain/shop/customer-schema";
import { placeOrderSchema } from "#app/domain/shop/checkout.server";
import { orderForCustomerSchema } from "#app/domain/orders/for-customer.server";
import { thresholdInputSchema } from "#app/domain/thresholds/rules";
import { createPromoCodeSchema, updatePromoCodeSchema } from "#app/domain/promotions/rules";
import { createEndpointSchema } from "#app/domain/webhooks/endpoints.server";
import { logInSchema, signUpSchema } from "#app/domain/accounts/accounts.server";
import { adjustmentSchema, creditEntryKinds } from "#app/domain/loyalty/rules";
import { announceSchema } from "#app/domain/marketing/announcements.server";
import * as shape from "./shapes";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export type Answer = { status: number; description: string; schema?: z.ZodType; contentType?: string };

export type Operation = {
  method: Method;
  /** Under /api/v1, parameters in braces: every `{name}` becomes a path parameter. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call: anyone, anyone (a token or session counts when sent), or a signed-in caller (the default). */
  auth?: "none" | "optional";
  /** Path parameters narrower than a string (one of the report names); the others are strings. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body that is not JSON (Stripe's events are verified as raw bytes). */
  rawBody?: string;
  /** Honours an Idempotency-Key header: the same key answers the first call's result. */
  idempotent?: boolean;
  answers: Answer[];
};

const ok = (schema: z.ZodType, description = "OK"): Answer => ({ status: 200, description, schema });
const created = (schema: z.ZodType, description = "Created"): Answer => ({ status: 201, description, schema });
const gone: Answer = { status: 204, description: "Done, nothing to answer" };
const paging = z.object({
  cursor: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
});
const asCsv = z.enum(["csv"]);

// PATCH /orders/:id: the buyer sends the whole order's lines; the hub's side adjusts listed lines with weights and a note.
const orderChange = z.union([z.object({ lines: orderLinesSchema }), orderAdjustmentSchema]);

const creditEntryShape = z.object({
  id: z.string(),
  amountCents: z.number().int(),
  kind: z.enum(creditEntryKinds),
  note: z.string(),
  at: z.string(),
  orderId: z.string().nullable(),
  orderNumber: z.number().int().nullable(),
  points: z.number().int(),
});
const customerDetailShape = z.object({
  email: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  externalId: z.string().nullable(),
  marketingConsent: z.boolean(),
  creditCents: z.number().int(),
  points: z.number().int(),
  orderCount: z.number().int(),
});

export const operations: Operation[] = [
  // Accounts and sessions
  { method: "post", path: "/users", tag: "accounts", summary: "Create an account", auth: "none", body: signUpSchema, answers: [created(shape.user)] },
  {
    method: "post",
    path: "/sessions",
    tag: "accounts",
    summary: "Exchange credentials for an API token (shown once)",
    auth: "none",
    body: logInSchema,
    answers: [created(shape.session)],
  },
  { method: "delete", path: "/sessions/current", tag: "accounts", summary: "Revoke the token (or end the session) used for this call", answers: [gone] },

  // Enterprises
  {
    method: "get",
    path: "/enterprises",
    tag: "enterprises",
    summary: "The enterprises the caller manages or works with",
    answers: [ok(shape.page(shape.enterprise))],
  },
  {
    method: "post",
    path: "/enterprises",
    tag: "enterprises",
    summary: "Create an enterprise (the caller becomes its owner)",
    body: createEnterpriseSchema,
    answers: [created(shape.enterprise)],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}",
    tag: "enterprises",
    summary: "An enterprise (settings, managers and permissions for its managers)",
    answers: [ok(shape.enterprise)],
  },
  {
    method: "patch",
    path: "/enterprises/{enterpriseId}",
    tag: "enterprises",
    summary: "Change its profile; the invoicing fields are its own managers' only",
    body: updateEnterpriseSchema.extend(invoicingSchema.shape),
    answers: [ok(shape.enterprise)],
  },
  {
    method: "patch",
    path: "/enterprises/{enterpriseId}/shop-preferences",
    tag: "enterprises",
    summary: "How its shop sorts cycles, what suppliers see, when buyers are reminded of their pickup, its loyalty credit and automatic tags",
    body: shopPreferencesSchema,
    answers: [ok(z.looseObject({ orderCyclesSortedBy: z.string(), pickupReminderDays: z.array(z.number().int()) }))],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/managers",
    tag: "enterprises",
    summary: "Managers and pending invitations",
    answers: [ok(shape.managers)],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/managers",
    tag: "enterprises",
    summary: "Add a manager by email (or invite them)",
    body: addManagerSchema,
    answers: [created(z.looseObject({}))],
  },
  {
    method: "delete",
    path: "/enterprises/{enterpriseId}/managers/{userId}",
    tag: "enterprises",
    summary: "Remove a manager (never the owner, never the last one)",
    answers: [gone],
  },
  {
    method: "delete",
    path: "/enterprises/{enterpriseId}/invitations/{invitationId}",
    tag: "enterprises",
    summary: "Withdraw an invitation not yet accepted",
    answers: [gone],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/permissions",
    tag: "enterprises",
    summary: "Permissions granted by and to it",
    answers: [ok(z.looseObject({}))],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/permissions",
    tag: "enterprises",
    summary: "Grant permissions to another enterprise",
    body: grantPermissionsSchema,
    answers: [created(z.looseObject({}))],
  },
  {
    method: "delete",
    path: "/enterprises/{enterpriseId}/permissions/{granteeId}",
    tag: "enterprises",
    summary: "Revoke every permission given to the grantee",
    answers: [gone],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/customers",
    tag: "enterprises",
    summary: "The distributor's customers, a page at a time",
    query: paging.extend({ q: z.string().optional(), externalId: z.string().optional() }),
    answers: [ok(shape.page(z.looseObject({ email: z.string() })))],
  },
  {
    method: "put",
    path: "/enterprises/{enterpriseId}/customers/{email}",
    tag: "enterprises",
    summary: "Tag a customer, and record or withdraw their marketing consent",
    body: customerSchema.omit({ email: true }),
    answers: [ok(z.looseObject({ email: z.string() }))],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/customers/{email}",
    tag: "enterprises",
    summary: "A customer with their credit, points and orders placed",
    answers: [ok(customerDetailShape)],
  },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/customers/{email}/credit",
    tag: "enterprises",
    summary: "A customer's loyalty credit and its ledger, newest first",
    answers: [ok(z.object({ email: z.string(), balanceCents: z.number().int(), points: z.number().int(), items: z.array(creditEntryShape) }))],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/customers/{email}/credit",
    tag: "enterprises",
    summary: "Give or take back credit with a note (never below zero)",
    body: adjustmentSchema,
    answers: [created(creditEntryShape.extend({ balanceCents: z.number().int() }))],
  },
  {
    method: "delete",
    path: "/enterprises/{enterpriseId}/customers/{email}",
    tag: "enterprises",
    summary: "Remove a customer from the list (their orders stay)",
    answers: [gone],
  },

  // Catalogue
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/products",
    tag: "catalogue",
    summary: "A page of its live products",
    query: paging.extend({ search: z.string().optional(), externalId: z.string().optional() }),
    answers: [ok(shape.page(shape.product))],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/products",
    tag: "catalogue",
    summary: "Create a product with its variants",
    body: createProductSchema,
    answers: [created(shape.product)],
  },
  { method: "get", path: "/products/{productId}", tag: "catalogue", summary: "A product with its variants", answers: [ok(shape.product)] },
  { method: "patch", path: "/products/{productId}", tag: "catalogue", summary: "Change a product", body: updateProductSchema, answers: [ok(shape.product)] },
  { method: "delete", path: "/products/{productId}", tag: "catalogue", summary: "Archive a product", answers: [gone] },
  {
    method: "post",
    path: "/products/{productId}/images",
    tag: "catalogue",
    summary: "Set the product's image from a JPEG, PNG or WebP body of at most 10 MB (replaces the one it had)",
    rawBody: "image/*",
    answers: [created(shape.productImage)],
  },
  { method: "delete", path: "/products/{productId}/images", tag: "catalogue", summary: "Remove the product's image", answers: [gone] },
  {
    method: "post",
    path: "/products/{productId}/variants",
    tag: "catalogue",
    summary: "Add a variant",
    body: newVariantSchema,
    answers: [created(shape.variant)],
  },
  {
    method: "patch",
    path: "/variants/{variantId}",
    tag: "catalogue",
    summary: "Change a variant (stock null is unlimited)",
    body: updateVariantSchema,
    answers: [ok(shape.variant)],
  },
  { method: "delete", path: "/variants/{variantId}", tag: "catalogue", summary: "Archive a variant", answers: [gone] },

  // Fees and methods
  { method: "get", path: "/enterprises/{enterpriseId}/fees", tag: "fees", summary: "Its live fees", answers: [ok(shape.page())] },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/fees",
    tag: "fees",
    summary: "A new fee with its calculator",
    body: createFeeSchema,
    answers: [created(shape.resource)],
  },
  { method: "get", path: "/fees/{feeId}", tag: "fees", summary: "A fee", answers: [ok(shape.resource)] },
  {
    method: "patch",
    path: "/fees/{feeId}",
    tag: "fees",
    summary: "Change a fee (a calculator sent is replaced whole)",
    body: updateFeeSchema,
    answers: [ok(shape.resource)],
  },
  { method: "delete", path: "/fees/{feeId}", tag: "fees", summary: "Archive a fee", answers: [gone] },

  // Promo codes (docs/domain.md 13)
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/promo-codes",
    tag: "promotions",
    summary: "Its promo codes, each with its uses",
    answers: [ok(shape.page())],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/promo-codes",
    tag: "promotions",
    summary: "A new promo code (unique per owner, whatever its case): percent or amount off the items",
    body: createPromoCodeSchema,
    answers: [created(shape.resource)],
  },
  {
    method: "patch",
    path: "/promo-codes/{promoCodeId}",
    tag: "promotions",
    summary: "Switch a promo code off or on, move its end, change its total uses",
    body: updatePromoCodeSchema,
    answers: [ok(shape.resource)],
  },
  { method: "get", path: "/enterprises/{enterpriseId}/shipping-methods", tag: "methods", summary: "Its live shipping methods", answers: [ok(shape.page())] },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/shipping-methods",
    tag: "methods",
    summary: "A pickup point or delivery",
    body: createShippingMethodSchema,
    answers: [created(shape.resource)],
  },
  {
    method: "patch",
    path: "/shipping-methods/{methodId}",
    tag: "methods",
    summary: "Change a shipping method",
    body: updateShippingMethodSchema,
    answers: [ok(shape.resource)],
  },
  { method: "delete", path: "/shipping-methods/{methodId}", tag: "methods", summary: "Archive a shipping method", answers: [gone] },
  { method: "get", path: "/enterprises/{enterpriseId}/payment-methods", tag: "methods", summary: "Its live payment methods", answers: [ok(shape.page())] },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/payment-methods",
    tag: "methods",
    summary: "Cash, bank transfer or Stripe card",
    body: createPaymentMethodSchema,
    answers: [created(shape.resource)],
  },
  {
    method: "patch",
    path: "/payment-methods/{methodId}",
    tag: "methods",
    summary: "Change a payment method",
    body: updatePaymentMethodSchema,
    answers: [ok(shape.resource)],
  },
  { method: "delete", path: "/payment-methods/{methodId}", tag: "methods", summary: "Archive a payment method", answers: [gone] },

  // Order cycles
  {
    method: "get",
    path: "/order-cycles",
    tag: "order-cycles",
    summary: "The cycles the caller is involved in, a page at a time",
    query: paging.extend({
      state: z.enum(cycleStates).optional(),
      externalId: z.string().optional(),
      includeClosedDays: z
        .string()
        .regex(/^\d{1,4}$/)
        .optional(),
    }),
    answers: [ok(shape.page(shape.cycleListItem))],
  },
  { method: "post", path: "/order-cycles", tag: "order-cycles", summary: "Create a cycle", body: createCycleSchema, answers: [created(shape.cycle)] },
  { method: "get", path: "/order-cycles/{cycleId}", tag: "order-cycles", summary: "A cycle as the caller may see it", answers: [ok(shape.cycle)] },
  { method: "patch", path: "/order-cycles/{cycleId}", tag: "order-cycles", summary: "Change a cycle", body: updateCycleSchema, answers: [ok(shape.cycle)] },
  { method: "delete", path: "/order-cycles/{cycleId}", tag: "order-cycles", summary: "Delete a cycle without orders", answers: [gone] },
  { method: "post", path: "/order-cycles/{cycleId}/clone", tag: "order-cycles", summary: "A copy without dates", answers: [created(shape.cycle)] },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/repeat",
    tag: "order-cycles",
    summary: "Copies every N weeks or every month, in a series, at the same local time; a dry run lists the dates",
    body: repeatSchema,
    answers: [ok(shape.repeat), created(shape.repeat)],
  },
  {
    method: "put",
    path: "/order-cycles/{cycleId}/incoming/{supplierId}",
    tag: "order-cycles",
    summary: "Add or change a supplier's incoming exchange",
    body: incomingSchema,
    answers: [ok(shape.incomingExchange)],
  },
  { method: "delete", path: "/order-cycles/{cycleId}/incoming/{supplierId}", tag: "order-cycles", summary: "Remove a supplier", answers: [gone] },
  {
    method: "put",
    path: "/order-cycles/{cycleId}/incoming/{supplierId}/confirmation",
    tag: "order-cycles",
    summary: "What the supplier will deliver",
    body: confirmationSchema,
    answers: [ok(z.looseObject({ state: z.enum(["confirmed", "short"]) }))],
  },
  {
    method: "put",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}",
    tag: "order-cycles",
    summary: "Add or change a distributor's outgoing exchange",
    body: outgoingSchema,
    answers: [ok(shape.outgoingExchange)],
  },
  { method: "delete", path: "/order-cycles/{cycleId}/outgoing/{distributorId}", tag: "order-cycles", summary: "Remove a distributor", answers: [gone] },
  {
    method: "get",
    path: "/order-cycles/{cycleId}/thresholds",
    tag: "order-cycles",
    summary: "The cycle's minimum thresholds, each with its current value and, after the close, its outcome",
    answers: [ok(z.looseObject({ items: z.array(shape.threshold) }))],
  },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/thresholds",
    tag: "order-cycles",
    summary: "Add a minimum threshold (the coordinator, before the close)",
    body: thresholdInputSchema,
    answers: [created(shape.threshold)],
  },
  { method: "delete", path: "/order-cycles/{cycleId}/thresholds/{thresholdId}", tag: "order-cycles", summary: "Remove a minimum threshold", answers: [gone] },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}/share-key",
    tag: "order-cycles",
    summary: "A new share link for an unlisted exchange; the old one stops working",
    answers: [created(z.object({ shareKey: z.string() }))],
  },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}/announce",
    tag: "order-cycles",
    summary: "Email the distributor's consenting customers (some tags, a message) that the open cycle is on; once per customer per cycle",
    body: announceSchema,
    answers: [{ status: 202, description: "Queued", schema: z.object({ recipients: z.number().int() }) }],
  },
  {
    method: "get",
    path: "/unsubscribe/{token}",
    tag: "enterprises",
    summary: "What a marketing email's unsubscribe link names (changes nothing)",
    auth: "none",
    answers: [ok(z.object({ shop: z.string(), subscribed: z.boolean(), outcome: z.null() }))],
  },
  {
    method: "post",
    path: "/unsubscribe/{token}",
    tag: "enterprises",
    summary: "Withdraw the marketing consent a link names, at once (idempotent)",
    auth: "none",
    answers: [ok(z.object({ shop: z.string(), subscribed: z.boolean(), outcome: z.enum(["withdrawn", "already", "outdated"]) }))],
  },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/notify-producers",
    tag: "order-cycles",
    summary: "Email each producer its orders now",
    answers: [{ status: 202, description: "Queued", schema: shape.queued }],
  },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}/invoices",
    tag: "invoices",
    summary: "Invoice every placed order of that shop not yet invoiced",
    answers: [ok(z.looseObject({}))],
  },
  {
    method: "get",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}/invoices.pdf",
    tag: "invoices",
    summary: "Every invoice and credit note of that shop in the cycle, one PDF",
    answers: [{ status: 200, description: "The PDF", contentType: "application/pdf", schema: z.string() }],
  },
  {
    method: "post",
    path: "/order-cycles/{cycleId}/outgoing/{distributorId}/payments",
    tag: "payments",
    summary: "Mark the listed orders of that shop paid, each for its balance",
    body: markOrdersPaidSchema,
    idempotent: true,
    answers: [ok(z.looseObject({}))],
  },
  {
    method: "get",
    path: "/order-cycles/{cycleId}/overview",
    tag: "reports",
    summary: "The coordinator's figures of the cycle: orders, sales, unpaid, per day, producer, distributor and pickup point",
    answers: [
      ok(
        z.looseObject({
          orders: z.number().int(),
          salesCents: z.number().int(),
          unpaidOrders: z.number().int(),
          perDay: z.array(z.object({ day: z.string(), orders: z.number().int(), salesCents: z.number().int() })),
          perProducer: z.array(z.object({ name: z.string(), salesCents: z.number().int() })),
          perDistributor: z.array(z.object({ name: z.string(), salesCents: z.number().int() })),
          toPack: z.array(z.object({ pickup: z.string(), orders: z.number().int() })),
        }),
      ),
    ],
  },
  {
    method: "get",
    path: "/order-cycles/{cycleId}/reports/{name}",
    tag: "reports",
    summary: "A report for the caller's role, or CSV with format=csv (or Accept: text/csv)",
    params: { name: z.enum(reportNames) },
    query: z.object({
      format: asCsv.optional(),
      csvStyle: z.enum(csvStyles).optional(),
      distributorId: z.string().optional(),
      supplierId: z.string().optional(),
      shippingMethodId: z.string().optional(),
    }),
    answers: [ok(shape.report), { status: 200, description: "The CSV", contentType: "text/csv", schema: z.string() }],
  },

  // Shops and orders
  {
    method: "get",
    path: "/shops/{distributorId}/order-cycles",
    tag: "shop",
    summary: "The open cycles this caller may order from",
    auth: "optional",
    query: z.object({ key: z.string().optional() }),
    answers: [
      ok(
        shape.page(
          z.looseObject({
            id: z.string(),
            closesAt: z.string().nullable(),
            full: z.boolean(),
            fullShippingMethodIds: z.array(z.string()),
            thresholds: z.array(shape.publicThreshold),
          }),
        ),
      ),
    ],
  },
  {
    method: "get",
    path: "/shops/{distributorId}/order-cycles/{cycleId}/products",
    tag: "shop",
    summary: "Priced products, 50 a page",
    auth: "optional",
    query: z.object({
      q: z.string().optional(),
      category: z.enum(productCategories).optional(),
      key: z.string().optional(),
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .optional(),
    }),
    answers: [ok(shape.page(shape.shopItem))],
  },
  {
    method: "post",
    path: "/orders",
    tag: "orders",
    summary: "Place an order (signed in, or as a guest with an email); with onBehalfOf, a manager of the shop or the coordinator enters it for a customer",
    auth: "optional",
    body: z.union([placeOrderSchema, orderForCustomerSchema]),
    answers: [created(shape.order)],
  },
  {
    method: "get",
    path: "/orders",
    tag: "orders",
    summary: "The orders feed: orders the caller may see as a manager, latest change first, cancelled ones included",
    query: z.object({
      orderCycleId: z.string().optional(),
      distributorId: z.string().optional(),
      updatedSince: z.string().optional().describe("An instant with its offset: orders changed at or after it"),
      externalId: z.string().optional(),
      cursor: z.string().optional(),
    }),
    answers: [ok(shape.page(shape.order))],
  },
  { method: "get", path: "/orders/{orderId}", tag: "orders", summary: "An order with its history", answers: [ok(shape.order)] },
  { method: "patch", path: "/orders/{orderId}", tag: "orders", summary: "Change an order", body: orderChange, answers: [ok(shape.order)] },
  { method: "post", path: "/orders/{orderId}/cancel", tag: "orders", summary: "Cancel an order; stock returns", answers: [ok(shape.order)] },
  { method: "post", path: "/orders/{orderId}/collect", tag: "orders", summary: "Handed over at the counter", idempotent: true, answers: [ok(shape.order)] },
  { method: "delete", path: "/orders/{orderId}/collect", tag: "orders", summary: "Back to pending", idempotent: true, answers: [ok(shape.order)] },
  {
    method: "post",
    path: "/orders/{orderId}/no-show",
    tag: "orders",
    summary: "Not collected by the end of the day",
    idempotent: true,
    answers: [ok(shape.order)],
  },
  {
    method: "get",
    path: "/orders/{orderId}/calendar.ics",
    tag: "orders",
    summary: "The pickup as a calendar event: on the ready date, during the pickup point's hours, or all day when they are not known",
    answers: [{ status: 200, description: "The iCalendar file", contentType: "text/calendar", schema: z.string() }],
  },
  { method: "get", path: "/orders/{orderId}/payments", tag: "payments", summary: "The order's payment records", answers: [ok(z.looseObject({}))] },
  {
    method: "post",
    path: "/orders/{orderId}/payments",
    tag: "payments",
    summary: "A payment received",
    body: recordPaymentSchema,
    idempotent: true,
    answers: [created(shape.payment)],
  },
  {
    method: "post",
    path: "/orders/{orderId}/refunds",
    tag: "payments",
    summary: "A refund (card through Stripe, others recorded)",
    body: refundSchema,
    idempotent: true,
    answers: [created(z.looseObject({}))],
  },
  {
    method: "post",
    path: "/orders/{orderId}/invoice",
    tag: "invoices",
    summary: "Issue the order's invoice (200: the one already issued, unchanged)",
    answers: [created(shape.invoice), ok(shape.invoice, "Already issued")],
  },
  {
    method: "get",
    path: "/invoices/{invoiceId}",
    tag: "invoices",
    summary: "An invoice or credit note, or its PDF with format=pdf (or Accept: application/pdf)",
    query: z.object({ format: z.enum(["pdf"]).optional() }),
    answers: [ok(shape.invoice), { status: 200, description: "The PDF", contentType: "application/pdf", schema: z.string() }],
  },

  // Connecting other systems
  { method: "get", path: "/openapi.json", tag: "meta", summary: "This document", auth: "none", answers: [ok(z.looseObject({ openapi: z.string() }))] },
  {
    method: "get",
    path: "/enterprises/{enterpriseId}/webhooks",
    tag: "webhooks",
    summary: "Its webhook endpoints, without secrets",
    answers: [ok(shape.page())],
  },
  {
    method: "post",
    path: "/enterprises/{enterpriseId}/webhooks",
    tag: "webhooks",
    summary: "Register an endpoint (the signing secret answered here only)",
    body: createEndpointSchema,
    answers: [created(z.looseObject({ id: z.string(), secret: z.string() }))],
  },
  { method: "delete", path: "/webhooks/{webhookId}", tag: "webhooks", summary: "Stop sending to an endpoint", answers: [gone] },
  {
    method: "get",
    path: "/webhooks/{webhookId}/deliveries",
    tag: "webhooks",
    summary: "The delivery log, newest first",
    query: z.object({ cursor: z.string().optional() }),
    answers: [ok(shape.page())],
  },
  {
    method: "post",
    path: "/webhooks/{webhookId}/deliveries/{deliveryId}/replay",
    tag: "webhooks",
    summary: "Send the event again as a new delivery",
    answers: [{ status: 202, description: "Queued", schema: shape.resource }],
  },
  ...(["products", "customers"] as const).flatMap((what): Operation[] => [
    {
      method: "post",
      path: `/enterprises/{enterpriseId}/imports/${what}`,
      tag: "imports",
      summary: `Import its ${what} from CSV: every row or none; a dry run writes nothing`,
      query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
      rawBody: "text/csv",
      answers: [ok(shape.importResult)],
    },
    {
      method: "get",
      path: `/enterprises/{enterpriseId}/${what}.csv`,
      tag: "imports",
      summary: `Its ${what} as CSV, in the import's columns`,
      answers: [{ status: 200, description: "The CSV", contentType: "text/csv", schema: z.string() }],
    },
  ]),
  {
    method: "post",
    path: "/webhooks/stripe",
    tag: "webhooks",
    summary: "Stripe's events, verified by their Stripe-Signature header",
    auth: "none",
    rawBody: "application/json",
    answers: [ok(z.object({ received: z.boolean() }))],
  },
];
