// Invoices in tests: a cycle of the wider coop whose shops have legal identities and taxed
// products and fees, placed orders in a line, the invoice endpoints, and text read out of a PDF.
import { eq, inArray } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterprises, orders, products, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as issueRoute from "#app/routes/api.v1.orders.$orderId.invoice";
import * as invoiceRoute from "#app/routes/api.v1.invoices.$invoiceId";
import * as shopInvoicesRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.invoices";
import * as shopPdfRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.invoices[.]pdf";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "./coop";
import { callRoute, json } from "./http";

export async function setLegalIdentity(enterpriseId: string, prefix: string, fields: { legalName?: string; invoiceAtClose?: boolean } = {}) {
  await getDb()
    .update(enterprises)
    .set({
      legalName: fields.legalName ?? `${prefix} Coopérative SAS`,
      companyNumber: "912 345 678",
      vatNumber: `FR00${prefix}`,
      invoicePrefix: prefix,
      address: "4 quai du Port, 69000 Lyon",
      invoiceAtClose: fields.invoiceAtClose ?? false,
    })
    .where(eq(enterprises.id, enterpriseId));
}

/**
 * coopPlus and an open cycle where carrots are taxed 5.5 % and milk 20 %; A packing (0.12 per item)
 * at 20 %, B packing (0.10 per item) at 5.5 %, the coordinator's fee a flat 1.50 per order at 20 %,
 * Lake fund and River fund 0.10 per item untaxed. River is "RIV", Lake "LAKE" (legal identities set).
 */
export async function invoicingCoop(): Promise<{ w: CoopPlus; cycleId: string }> {
  const w = await coopPlus();
  const db = getDb();
  await db
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  const [carrots] = await db.select({ productId: variants.productId }).from(variants).where(eq(variants.id, w.variants.a[0]));
  const [milk] = await db.select({ productId: variants.productId }).from(variants).where(eq(variants.id, w.variants.b[0]));
  await db.update(products).set({ taxRateBasisPoints: 550 }).where(eq(products.id, carrots.productId));
  await db.update(products).set({ taxRateBasisPoints: 2000 }).where(eq(products.id, milk.productId));
  await db
    .update(enterpriseFees)
    .set({ calculatorParams: { amountCents: 12 }, taxRateBasisPoints: 2000 })
    .where(eq(enterpriseFees.id, w.fees.supplierA.id));
  await db.update(enterpriseFees).set({ taxRateBasisPoints: 550 }).where(eq(enterpriseFees.id, w.fees.supplierB.id));
  await db
    .update(enterpriseFees)
    .set({ calculatorType: "flat_rate", calculatorParams: { amountCents: 150 }, taxRateBasisPoints: 2000 })
    .where(eq(enterpriseFees.id, w.fees.hub.id));
  const cycleId = await seedCycle(w, { name: "Semaine 49", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  await setLegalIdentity(w.distributor.id, "RIV");
  await setLegalIdentity(w.lake.id, "LAKE");
  return { w, cycleId };
}

/** A placed order of `w.people.nobody` (unless `buyerId` says otherwise), in French unless told. */
export async function placeInvoicedShopOrder(
  w: CoopPlus,
  cycleId: string,
  shop: "river" | "lake",
  lines: { variantId: string; quantity: number }[],
  options: { buyerId?: string | null; locale?: "en" | "fr"; name?: string } = {},
) {
  const methods = shop === "river" ? w.methods.distributor : w.methods.lake[0];
  const id = await placeOrder(
    {
      distributorId: shop === "river" ? w.distributor.id : w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: methods.shipping.id,
      paymentMethodId: methods.payment.id,
      email: "ada@example.org",
      name: options.name ?? "Ada Lovelace",
      lines,
    },
    undefined,
  );
  await getDb()
    .update(orders)
    .set({ buyerId: options.buyerId === undefined ? w.people.nobody.id : options.buyerId, locale: options.locale ?? "fr", deliveryAddress: "12 rue des Lilas" })
    .where(eq(orders.id, id));
  return id;
}

export async function issueInvoiceApi(orderId: string, token: string) {
  const response = await callRoute(issueRoute, { method: "POST", path: `/api/v1/orders/${orderId}/invoice`, params: { orderId }, token });
  return { status: response.status, body: await json(response) };
}

export async function getInvoiceApi(invoiceId: string, token: string, query = "") {
  return callRoute(invoiceRoute, { path: `/api/v1/invoices/${invoiceId}${query}`, params: { invoiceId }, token });
}

export async function issueShopInvoicesApi(cycleId: string, distributorId: string, token: string) {
  const response = await callRoute(shopInvoicesRoute, {
    method: "POST",
    path: `/api/v1/order-cycles/${cycleId}/outgoing/${distributorId}/invoices`,
    params: { cycleId, distributorId },
    token,
  });
  return { status: response.status, body: await json(response) };
}

export async function shopInvoicesPdfApi(cycleId: string, distributorId: string, token: string) {
  return callRoute(shopPdfRoute, { path: `/api/v1/order-cycles/${cycleId}/outgoing/${distributorId}/invoices.pdf`, params: { cycleId, distributorId }, token });
}

/** Every page's text of a PDF, a page a string (runs joined by spaces). */
export async function pdfText(bytes: ArrayBuffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return pages;
}

/** The files attached to a PDF, by name, as text (a Factur-X invoice carries `factur-x.xml`). */
export async function pdfAttachments(bytes: ArrayBuffer): Promise<Record<string, string>> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, { filename: string; content: Uint8Array }>;
  return Object.fromEntries(Object.values(attachments).map((file) => [file.filename, new TextDecoder().decode(file.content)]));
}
