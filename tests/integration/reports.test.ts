// Reports on a fixed set of orders: exact rows and totals, for each role (docs/domain.md sections 3 and 7).
// Prices: Carrots 1 kg €2.50, 3 kg €7.00, Milk 1 l €1.80; every fee is €0.10 per item (hub, the
// supplier's, the distributor's), the hub's with 20 % tax included. So a unit sells for its price + €0.30.
import { eq, inArray } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { cancelOrder } from "#app/domain/orders/changes.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as reportRoute from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterprises, orders, orders as orderRows, payments, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  await getDb().update(enterpriseFees).set({ taxRateBasisPoints: 2000 }).where(eq(enterpriseFees.id, w.fees.hub.id));
  cycleId = await seedCycle(w, { name: "Report week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  const [carrots1, carrots3] = w.variants.a;
  await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "xavier@example.org",
      name: "Xavier Roux",
      lines: [
        { variantId: carrots1, quantity: 2 },
        { variantId: carrots3, quantity: 1 },
      ],
    },
    undefined,
  );
  await placeOrder(
    {
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      email: "zoe@example.org",
      name: "Zoé Arnaud",
      lines: [
        { variantId: carrots1, quantity: 3 },
        { variantId: w.variants.b[0], quantity: 2 },
      ],
    },
    undefined,
  );
});

async function report(token: string, name: string, query = "") {
  const response = await callRoute(reportRoute, { path: `/api/v1/order-cycles/${cycleId}/reports/${name}${query}`, params: { cycleId, name }, token });
  return { status: response.status, body: response.status === 200 && !query.includes("csv") ? await json(response) : undefined, response };
}

describe("the coordinator's reports", () => {
  test("supplier totals: a row per producer and variant across distributors", async () => {
    const { body } = await report(w.people.hub.token, "supplier-totals");
    expect(body.rows).toEqual([
      { supplier: "Farm A", product: "Carrots", variant: "1 kg", quantity: 5, supplierAmountCents: 1250, salesCents: 1400 },
      { supplier: "Farm A", product: "Carrots", variant: "3 kg", quantity: 1, supplierAmountCents: 700, salesCents: 730 },
      { supplier: "Farm B", product: "Milk", variant: "1 l", quantity: 2, supplierAmountCents: 360, salesCents: 420 },
    ]);
    expect(body.totals).toMatchObject({ quantity: 8, supplierAmountCents: 2310, salesCents: 2550 });
  });

  test("supplier totals by distributor", async () => {
    const { body } = await report(w.people.hub.token, "supplier-totals-by-distributor");
    expect(body.rows).toEqual([
      { supplier: "Farm A", distributor: "Lake Co-op", product: "Carrots", variant: "1 kg", quantity: 3, supplierAmountCents: 750, salesCents: 840 },
      { supplier: "Farm A", distributor: "River Co-op", product: "Carrots", variant: "1 kg", quantity: 2, supplierAmountCents: 500, salesCents: 560 },
      { supplier: "Farm A", distributor: "River Co-op", product: "Carrots", variant: "3 kg", quantity: 1, supplierAmountCents: 700, salesCents: 730 },
      { supplier: "Farm B", distributor: "Lake Co-op", product: "Milk", variant: "1 l", quantity: 2, supplierAmountCents: 360, salesCents: 420 },
    ]);
  });

  test("distributor totals, orders for packing, fees with tax, payments", async () => {
    expect((await report(w.people.hub.token, "distributor-totals")).body.rows).toEqual([
      { distributor: "Lake Co-op", orders: 1, items: 5, itemsCents: 1260, feesCents: 0, discountCents: 0, totalCents: 1260, paidCents: 0, unpaidCents: 1260 },
      { distributor: "River Co-op", orders: 1, items: 3, itemsCents: 1290, feesCents: 0, discountCents: 0, totalCents: 1290, paidCents: 0, unpaidCents: 1290 },
    ]);
    const orders = (await report(w.people.hub.token, "orders")).body.rows.map((row: Record<string, unknown>) => [
      row.buyer,
      row.supplier,
      row.product,
      row.variant,
      row.quantity,
      row.amountCents,
    ]);
    expect(orders).toEqual([
      ["Xavier Roux", "Farm A", "Carrots", "1 kg", 2, 560],
      ["Xavier Roux", "Farm A", "Carrots", "3 kg", 1, 730],
      ["Zoé Arnaud", "Farm A", "Carrots", "1 kg", 3, 840],
      ["Zoé Arnaud", "Farm B", "Milk", "1 l", 2, 420],
    ]);
    const fees = await report(w.people.hub.token, "fees");
    expect(fees.body.rows).toEqual([
      { enterprise: "Farm A", fee: "A packing", feeType: "admin", taxRate: 0, amountCents: 60, taxCents: 0 },
      { enterprise: "Farm B", fee: "B packing", feeType: "admin", taxRate: 0, amountCents: 20, taxCents: 0 },
      { enterprise: "Green Hub", fee: "Hub admin", feeType: "admin", taxRate: 2000, amountCents: 80, taxCents: 13 },
      { enterprise: "Lake Co-op", fee: "Lake fund", feeType: "admin", taxRate: 0, amountCents: 50, taxCents: 0 },
      { enterprise: "River Co-op", fee: "River fund", feeType: "admin", taxRate: 0, amountCents: 30, taxCents: 0 },
    ]);
    expect(fees.body.totals).toMatchObject({ amountCents: 240, taxCents: 13 });
    // Xavier paid 500 of his 1290 in cash: the payments report shows each order's paid amount and balance.
    const [xavier] = await getDb().select({ id: orderRows.id }).from(orderRows).where(eq(orderRows.buyerName, "Xavier Roux"));
    await getDb()
      .insert(payments)
      .values({ orderId: xavier.id, kind: "payment", method: "cash", amountCents: 500, state: "completed", occurredAt: new Date() });
    const paymentsReport = (await report(w.people.hub.token, "payments")).body;
    expect(paymentsReport.rows).toEqual([
      {
        order: 1,
        buyer: "Xavier Roux",
        paymentMethod: "Cash",
        paymentState: "partially_paid",
        totalCents: 1290,
        paidCents: 500,
        balanceCents: 790,
        fulfilmentState: "pending",
      },
      {
        order: 2,
        buyer: "Zoé Arnaud",
        paymentMethod: "Cash",
        paymentState: "unpaid",
        totalCents: 1260,
        paidCents: 0,
        balanceCents: 1260,
        fulfilmentState: "pending",
      },
    ]);
    expect(paymentsReport.totals).toMatchObject({ totalCents: 2550, paidCents: 500, balanceCents: 2050 });
    await getDb().delete(payments).where(eq(payments.orderId, xavier.id));
  });

  test("filters by distributor, producer and pickup point", async () => {
    const lake = await report(w.people.hub.token, "supplier-totals", `?distributorId=${w.lake.id}`);
    expect(lake.body.rows.map((row: Record<string, unknown>) => [row.product, row.quantity])).toEqual([
      ["Carrots", 3],
      ["Milk", 2],
    ]);
    const farmB = await report(w.people.hub.token, "distributor-totals", `?supplierId=${w.supplierB.id}`);
    expect(farmB.body.rows.map((row: Record<string, unknown>) => row.distributor)).toEqual(["Lake Co-op"]);
    const riverPickup = await report(w.people.hub.token, "orders", `?shippingMethodId=${w.methods.distributor.shipping.id}`);
    expect(riverPickup.body.rows.map((row: Record<string, unknown>) => row.buyer)).toEqual(["Xavier Roux", "Xavier Roux"]);
  });

  test("CSV carries the same rows and totals, amounts as decimals", async () => {
    const { response } = await report(w.people.hub.token, "supplier-totals", "?format=csv");
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toEqual([
      "Producer,Product,Variant,Quantity,Producer amount,Sales",
      "Farm A,Carrots,1 kg,5,12.50,14.00",
      "Farm A,Carrots,3 kg,1,7.00,7.30",
      "Farm B,Milk,1 l,2,3.60,4.20",
      "Total,,,8,23.10,25.50",
    ]);
  });
});

describe("reports by role", () => {
  test("a supplier sees its own products' lines, without buyer names unless the coordinator allows them", async () => {
    const totals = await report(w.people.supplierB.token, "supplier-totals");
    expect(totals.body.rows).toEqual([{ supplier: "Farm B", product: "Milk", variant: "1 l", quantity: 2, supplierAmountCents: 360, salesCents: 420 }]);
    const orders = await report(w.people.supplierB.token, "orders");
    expect(orders.body.rows).toEqual([
      { pickup: "Pickup", buyer: null, order: expect.any(Number), supplier: "Farm B", product: "Milk", variant: "1 l", quantity: 2, amountCents: 420 },
    ]);
    expect((await report(w.people.supplierB.token, "payments")).status).toBe(403);
    expect((await report(w.people.supplierB.token, "distributor-totals")).status).toBe(403);

    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: true }).where(eq(enterprises.id, w.hub.id));
    expect((await report(w.people.supplierB.token, "orders")).body.rows[0].buyer).toBe("Zoé Arnaud");
    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: false }).where(eq(enterprises.id, w.hub.id));
  });

  test("a supplier allowed buyer names never sees a buyer's email: an order placed without a name shows no buyer", async () => {
    const orderId = await placeOrder(
      {
        distributorId: w.lake.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.lake[0].shipping.id,
        paymentMethodId: w.methods.lake[0].payment.id,
        email: "anonymous@example.org",
        lines: [{ variantId: w.variants.b[0], quantity: 1 }],
      },
      undefined,
    );
    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: true }).where(eq(enterprises.id, w.hub.id));
    try {
      const rows = (await report(w.people.supplierB.token, "orders")).body.rows as Record<string, unknown>[];
      expect(rows.map((row) => row.buyer).sort()).toEqual([null, "Zoé Arnaud"].sort());
      expect(JSON.stringify(rows)).not.toContain("@example.org");
      // The coordinator and the shop still see who it was.
      const hubRows = (await report(w.people.hub.token, "orders")).body.rows as Record<string, unknown>[];
      expect(hubRows.map((row) => row.buyer)).toContain("anonymous@example.org");
    } finally {
      await getDb().update(enterprises).set({ suppliersSeeBuyerNames: false }).where(eq(enterprises.id, w.hub.id));
      await cancelOrder({ hasOrderKey: true }, orderId);
    }
  });

  test("a distributor sees the orders of its own shop, with buyer names", async () => {
    const totals = await report(w.people.lake.token, "supplier-totals");
    expect(totals.body.rows.map((row: Record<string, unknown>) => [row.supplier, row.product, row.quantity, row.salesCents])).toEqual([
      ["Farm A", "Carrots", 3, 840],
      ["Farm B", "Milk", 2, 420],
    ]);
    expect((await report(w.people.lake.token, "orders")).body.rows.every((row: Record<string, unknown>) => row.buyer === "Zoé Arnaud")).toBe(true);
    expect((await report(w.people.lake.token, "payments")).body.rows).toEqual([
      {
        order: 2,
        buyer: "Zoé Arnaud",
        paymentMethod: "Cash",
        paymentState: "unpaid",
        totalCents: 1260,
        paidCents: 0,
        balanceCents: 1260,
        fulfilmentState: "pending",
      },
    ]);
  });

  test("an enterprise outside the cycle gets 404, an unknown report 404", async () => {
    expect((await report(w.people.unrelated.token, "supplier-totals")).status).toBe(404);
    expect((await report(w.people.hub.token, "everything")).status).toBe(404);
  });
});

describe("the orders and packing report: how to reach each buyer", () => {
  const address = 'Bât. "B"; 3 rue des Lilas, Lyon';
  let orderId: string;
  let number: number;

  beforeAll(async () => {
    orderId = await placeOrder(
      {
        distributorId: w.lake.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.lake[0].shipping.id,
        paymentMethodId: w.methods.lake[0].payment.id,
        email: "yann@example.org",
        name: "Yann Livre",
        phone: "06 12 34 56 78",
        lines: [{ variantId: w.variants.b[0], quantity: 1 }],
      },
      undefined,
    );
    // The coop's methods are all pickups: the address a delivery checkout would have stored is written directly.
    const [row] = await getDb().update(orders).set({ deliveryAddress: address }).where(eq(orders.id, orderId)).returning({ number: orders.number });
    number = row.number;
  });

  afterAll(async () => {
    await cancelOrder({ hasOrderKey: true }, orderId);
  });

  const yannOf = (rows: Record<string, unknown>[]) => rows.find((row) => row.order === number);

  test("the coordinator and the order's own shop see the buyer's phone, email and delivery address", async () => {
    for (const token of [w.people.hub.token, w.people.lake.token]) {
      const { body } = await report(token, "orders");
      expect(body.columns.map((column: { key: string }) => column.key)).toEqual([
        "pickup",
        "buyer",
        "phone",
        "email",
        "deliveryAddress",
        "order",
        "supplier",
        "product",
        "variant",
        "quantity",
        "amountCents",
      ]);
      expect(yannOf(body.rows)).toMatchObject({ buyer: "Yann Livre", phone: "06 12 34 56 78", email: "yann@example.org", deliveryAddress: address });
      // An order placed without a phone shows none.
      expect(body.rows.find((row: Record<string, unknown>) => row.buyer === "Zoé Arnaud")).toMatchObject({ phone: null, email: "zoe@example.org" });
    }
    // Another shop of the cycle sees its own buyers' contacts, never Lake's.
    const river = await report(w.people.distributor.token, "orders");
    expect(river.body.rows.map((row: Record<string, unknown>) => row.email)).toEqual(["xavier@example.org", "xavier@example.org"]);
    expect(JSON.stringify(river.body)).not.toContain("yann@example.org");
  });

  test("a supplier allowed buyer names sees the name, and no phone, email or address, not even as empty columns", async () => {
    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: true }).where(eq(enterprises.id, w.hub.id));
    try {
      for (const query of ["", "?format=csv"]) {
        const { body, response } = await report(w.people.supplierB.token, "orders", query);
        const text = query ? await response.text() : JSON.stringify(body);
        expect(text).toContain("Yann Livre");
        for (const secret of ["yann@example.org", "06 12 34 56 78", "rue des Lilas", "Phone", "Email", "Delivery address"])
          expect(text, `leaks ${secret}`).not.toContain(secret);
        if (!query)
          expect(body.columns.map((column: { key: string }) => column.key)).toEqual([
            "pickup",
            "buyer",
            "order",
            "supplier",
            "product",
            "variant",
            "quantity",
            "amountCents",
          ]);
      }
    } finally {
      await getDb().update(enterprises).set({ suppliersSeeBuyerNames: false }).where(eq(enterprises.id, w.hub.id));
    }
  });

  const csvLines = async (query: string, headers: Record<string, string> = {}) => {
    const response = await callRoute(reportRoute, {
      path: `/api/v1/order-cycles/${cycleId}/reports/orders${query}`,
      params: { cycleId, name: "orders" },
      token: w.people.lake.token,
      headers,
    });
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    return (await response.text()).replace(/^\uFEFF/, "");
  };

  test("in French the CSV has French column titles, semicolons and decimal commas, and quotes what needs it", async () => {
    const csv = await csvLines("?format=csv", { "Accept-Language": "fr-FR,fr;q=0.9" });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Retrait ou livraison;Acheteur;Téléphone;E-mail;Adresse de livraison;Commande;Producteur;Produit;Variante;Quantité;Montant");
    expect(lines).toContain(`Pickup;Yann Livre;06 12 34 56 78;yann@example.org;"Bât. ""B""; 3 rue des Lilas, Lyon";${number};Farm B;Milk;1 l;1;2,10`);
    expect(lines.find((line) => line.startsWith("Pickup;Zoé Arnaud;;zoe@example.org;;") && line.endsWith(";Farm A;Carrots;1 kg;3;8,40"))).toBeDefined();
    expect(lines.at(-2)).toBe("Total;;;;;;;;;6;14,70");
  });

  test("a French reader may ask for commas and decimal points, an English one for semicolons; English stays the default", async () => {
    const commas = (await csvLines("?format=csv&csvStyle=comma", { "Accept-Language": "fr" })).split("\r\n");
    expect(commas[0]).toBe("Retrait ou livraison,Acheteur,Téléphone,E-mail,Adresse de livraison,Commande,Producteur,Produit,Variante,Quantité,Montant");
    expect(commas.at(-2)).toBe("Total,,,,,,,,,6,14.70");
    const english = (await csvLines("?format=csv")).split("\r\n");
    expect(english[0]).toBe("Pickup or delivery,Buyer,Phone,Email,Delivery address,Order,Producer,Product,Variant,Quantity,Amount");
    expect(english).toContain(`Pickup,Yann Livre,06 12 34 56 78,yann@example.org,"Bât. ""B""; 3 rue des Lilas, Lyon",${number},Farm B,Milk,1 l,1,2.10`);
    const semicolons = (await csvLines("?format=csv&csvStyle=semicolon")).split("\r\n");
    expect(semicolons.at(-2)).toBe("Total;;;;;;;;;6;14,70");
  });

  test("the fees CSV in French names fee types in French, amounts with decimal commas", async () => {
    const response = await callRoute(reportRoute, {
      path: `/api/v1/order-cycles/${cycleId}/reports/fees?format=csv`,
      params: { cycleId, name: "fees" },
      token: w.people.hub.token,
      headers: { "Accept-Language": "fr" },
    });
    const lines = (await response.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Structure;Frais;Type;Taux de taxe;Montant;Dont taxes");
    expect(lines.find((line) => line.startsWith("Green Hub;"))).toMatch(/^Green Hub;Hub admin;Administration;20;\d+,\d\d;\d+,\d\d$/);
  });
});

describe("the cost of a report", () => {
  test("runs as many queries for 40 orders as for 2", async () => {
    const { queryCount } = await import("#db/connection.server");
    const count = async () => {
      await report(w.people.hub.token, "orders"); // warm
      const before = queryCount();
      for (const name of ["supplier-totals", "supplier-totals-by-distributor", "distributor-totals", "orders", "fees", "payments"])
        expect((await report(w.people.hub.token, name)).status).toBe(200);
      return queryCount() - before;
    };
    const few = await count();
    for (let i = 0; i < 38; i += 1) {
      await placeOrder(
        {
          distributorId: w.distributor.id,
          orderCycleId: cycleId,
          shippingMethodId: w.methods.distributor.shipping.id,
          paymentMethodId: w.methods.distributor.payment.id,
          email: `bulk-${i}@example.org`,
          lines: [
            { variantId: w.variants.a[0], quantity: 1 },
            { variantId: w.variants.a[1], quantity: 1 },
          ],
        },
        undefined,
      );
    }
    expect(await count()).toBe(few);
  });
});
