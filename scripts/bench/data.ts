// The benchmark's data set (docs/quality.md, Performance), built from a seed with multi-row INSERTs:
// the same ids, names, prices and orders on every run, so runs compare.
import { createHash } from "node:crypto";
import type postgres from "postgres";
import { productCategories } from "#app/domain/catalogue/categories";

/** mulberry32: a small PRNG; the whole data set follows from its seed. */
export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SIZES = {
  producers: 200,
  variantsPerProducer: 20,
  distributors: 10,
  shopCycleProducers: 100,
  closingProducers: 500,
  thresholds: 50,
  pastOrders: 5000,
  linesPerPastOrder: 4,
} as const;

/** Words of the catalogue; the shop search of P1 rotates through them. */
export const PRODUCE = [
  "Carrots",
  "Leeks",
  "Potatoes",
  "Onions",
  "Beetroot",
  "Kale",
  "Spinach",
  "Lettuce",
  "Tomatoes",
  "Courgettes",
  "Pumpkin",
  "Squash",
  "Apples",
  "Pears",
  "Plums",
  "Cherries",
  "Strawberries",
  "Raspberries",
  "Honey",
  "Eggs",
  "Milk",
  "Butter",
  "Yoghurt",
  "Cheese",
  "Bread",
  "Flour",
  "Lentils",
  "Walnuts",
  "Garlic",
  "Shallots",
  "Fennel",
  "Celeriac",
  "Parsnips",
  "Radishes",
  "Turnips",
  "Cabbage",
  "Cauliflower",
  "Broccoli",
  "Chard",
  "Herbs",
];
const KINDS = ["Heritage", "Organic", "Early", "Winter", "Wild", "Mixed", "Red", "Golden", "Smoked", "Fresh"];
const SIZE_NAMES: [string, number][] = [
  ["250 g", 250],
  ["500 g", 500],
  ["1 kg", 1000],
  ["2 kg", 2000],
  ["5 kg", 5000],
];
const FEE_TYPES = ["admin", "packing", "transport", "fundraising", "sales"];

type Calculator = { type: string; params: Record<string, number> };
/** One of each of the six calculators of docs/domain.md section 4. */
const CALCULATORS: Calculator[] = [
  { type: "flat_rate", params: { amountCents: 150 } },
  { type: "per_item", params: { amountCents: 12 } },
  { type: "percent", params: { percent: 7.5 } },
  { type: "flexible", params: { firstItemCents: 100, additionalItemCents: 20, maxItems: 10 } },
  { type: "price_sack", params: { thresholdCents: 5000, normalCents: 300, discountCents: 0 } },
  { type: "weight", params: { centsPerKg: 25 } },
];

export type BenchData = {
  coordinatorUserId: string;
  buyerUserId: string;
  hubId: string;
  /** The cycle of all 4,000 variants (P2). */
  editorCycleId: string;
  /** The shop cycle of 2,000 variants (P1, P3, P4). */
  shopCycleId: string;
  /** The cycle of 500 producers and 5,000 placed orders (P5, P7). */
  closingCycleId: string;
  shopId: string;
  shipping: string;
  payment: string;
  /** The shop cycle's variants at `shopId`, in a fixed order. */
  shopVariantIds: string[];
  searchTerms: string[];
  closingProducerEmails: Set<string>;
  /** P9: a cycle like the closing one with 50 supplier minimums, half out of reach with `cancel`. */
  minimumsCycleId: string;
  /** The suppliers whose minimum is out of reach. */
  missedSupplierIds: string[];
  rows: number;
};

/**
 * 1 coordinator hub; 500 producers (the first 200 with 20 variants each, the rest with 2);
 * 10 distributors; three open cycles: the editor cycle (200 producers x 20 = 4,000 variants, each
 * distributor selling half of them), the shop cycle (the first 100 producers, 2,000 variants, all
 * sold by every distributor) and the closing cycle (all 500 producers, 2 variants each, 2
 * distributors) holding 5,000 placed orders of 4 lines (20,000 lines). Fees of all six calculators
 * on the coordinator, on incoming exchanges (one per producer, the kinds in turn) and on outgoing
 * exchanges (all six at the first distributor, two at each other).
 */
export async function generate(sql: postgres.Sql, seed = 20261122): Promise<BenchData> {
  const random = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const uuid = () => {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, "0"),
    ).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[parseInt(hex[16], 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  let rows = 0;
  const insert = async (table: string, values: Record<string, unknown>[]) => {
    if (values.length === 0) return;
    const columns = Object.keys(values[0]);
    // Stay under the protocol's 65,535 parameters per statement.
    const chunk = Math.floor(60_000 / columns.length);
    for (let i = 0; i < values.length; i += chunk) await sql`insert into ${sql(table)} ${sql(values.slice(i, i + chunk) as never, columns)}`;
    rows += values.length;
  };
  const now = Date.now();
  const day = 24 * 3600_000;

  // People: the coordinator's manager, one owner for every farm and one for every shop, a buyer.
  const user = (email: string, name: string) => ({ id: uuid(), email, name, password_hash: "!bench: no password", locale: null });
  const coordinator = user("coordinator@bench.test", "Hub coordinator");
  const growers = user("growers@bench.test", "Owner of the farms");
  const shopkeeper = user("shops@bench.test", "Owner of the shops");
  const buyer = user("member@bench.test", "A member");
  await insert("users", [coordinator, growers, shopkeeper, buyer]);

  const enterprise = (name: string, kind: string, owner: string, email: string, locale = "en") => ({
    id: uuid(),
    name,
    kind,
    is_producer: kind === "producer",
    email,
    owner_id: owner,
    time_zone: "Europe/Paris",
    locale,
  });
  const hub = enterprise("Green Valley Food Hub", "hub", coordinator.id, "hub@bench.test");
  const producers = Array.from({ length: SIZES.closingProducers }, (_, i) =>
    enterprise(
      `Farm ${String(i).padStart(3, "0")} ${pick(["Hill", "Brook", "Oak", "Meadow", "Stone", "Willow"])}`,
      "producer",
      growers.id,
      `farm-${String(i).padStart(3, "0")}@bench.test`,
      random() < 0.2 ? "fr" : "en",
    ),
  );
  const shops = Array.from({ length: SIZES.distributors }, (_, i) =>
    enterprise(`Shop ${String(i).padStart(2, "0")} Co-op`, "hub", shopkeeper.id, `shop-${i}@bench.test`),
  );
  await insert("enterprises", [hub, ...producers, ...shops]);
  await insert("enterprise_managers", [
    { enterprise_id: hub.id, user_id: coordinator.id },
    ...producers.map((row) => ({ enterprise_id: row.id, user_id: growers.id })),
    ...shops.map((row) => ({ enterprise_id: row.id, user_id: shopkeeper.id })),
  ]);
  const catalogueProducers = producers.slice(0, SIZES.producers);
  await insert("enterprise_permissions", [
    ...[...producers, ...shops].map((row) => ({ grantor_id: row.id, grantee_id: hub.id, permission: "add_to_order_cycle" })),
    ...catalogueProducers.flatMap((farm) => shops.map((shop) => ({ grantor_id: farm.id, grantee_id: shop.id, permission: "add_to_order_cycle" }))),
  ]);

  // Methods: each shop a pickup, a paid delivery, cash and bank transfer; the hub a pickup and cash.
  const shippingRows = [hub, ...shops].flatMap((shop) => [
    { id: uuid(), enterprise_id: shop.id, name: "Pickup at the barn", kind: "pickup", address: "1 Barn Lane", fee_cents: 0 },
    ...(shop === hub ? [] : [{ id: uuid(), enterprise_id: shop.id, name: "Home delivery", kind: "delivery", address: "", fee_cents: 400 }]),
  ]);
  const paymentRows = [hub, ...shops].flatMap((shop) => [
    { id: uuid(), enterprise_id: shop.id, name: "Cash on pickup", kind: "cash" },
    ...(shop === hub ? [] : [{ id: uuid(), enterprise_id: shop.id, name: "Bank transfer", kind: "bank_transfer" }]),
  ]);
  await insert("shipping_methods", shippingRows);
  await insert("payment_methods", paymentRows);

  // Catalogue: 5 products x 4 sizes for each of the first 200 producers, 1 x 2 for the others.
  const productRows: Record<string, unknown>[] = [];
  const imageRows: Record<string, unknown>[] = [];
  const variantRows: { id: string; product_id: string; name: string; price_cents: number; stock: number | null; weight_grams: number; position: number }[] = [];
  const variantsOf = new Map<string, string[]>();
  const productOfVariant = new Map<string, { name: string; supplierId: string; variantName: string; price: number; tax: number }>();
  for (const [index, farm] of producers.entries()) {
    const [productCount, sizeCount] = index < SIZES.producers ? [5, 4] : [1, 2];
    const ids: string[] = [];
    for (let p = 0; p < productCount; p += 1) {
      const productName = `${pick(KINDS)} ${pick(PRODUCE)}`;
      const tax = pick([0, 550, 550, 2000]);
      // A category on every product and an image on four in five, taken in turn, so the shop page is
      // measured with its pictures and filter (issue 22) without shifting the seeded draws.
      const product = {
        id: uuid(),
        enterprise_id: farm.id,
        name: productName,
        description: `${productName} from ${farm.name}.`,
        tax_rate_basis_points: tax,
        category: productCategories[productRows.length % productCategories.length],
      };
      productRows.push(product);
      if (productRows.length % 5 !== 0)
        imageRows.push({
          id: uuid(),
          product_id: product.id,
          hash: createHash("sha256").update(product.id).digest("hex").slice(0, 32),
          width: 1600,
          height: 1200,
        });
      const base = int(120, 900);
      for (let s = 0; s < sizeCount; s += 1) {
        const [sizeName, grams] = SIZE_NAMES[s];
        const price = Math.round(base * (1 + s * 1.8));
        const variant = {
          id: uuid(),
          product_id: product.id,
          name: sizeName,
          price_cents: price,
          stock: random() < 0.1 ? null : int(20, 400),
          weight_grams: grams,
          position: s,
        };
        variantRows.push(variant);
        ids.push(variant.id);
        productOfVariant.set(variant.id, { name: productName, supplierId: farm.id, variantName: sizeName, price, tax });
      }
    }
    variantsOf.set(farm.id, ids);
  }
  await insert("products", productRows);
  await insert("variants", variantRows);
  await insert("product_images", imageRows);

  // Fees: the hub has one of each calculator; each producer one (the kinds in turn); shop 0 all six, the others two.
  const feeRows: { id: string; enterprise_id: string; name: string; fee_type: string; calculator_type: string; calculator_params: Record<string, number> }[] =
    [];
  const fee = (owner: { id: string; name: string }, calculator: Calculator, index: number) => {
    const row = {
      id: uuid(),
      enterprise_id: owner.id,
      name: `${owner.name.split(" ")[0]} ${calculator.type.replace("_", " ")} ${index}`,
      fee_type: FEE_TYPES[index % FEE_TYPES.length],
      calculator_type: calculator.type,
      calculator_params: calculator.params,
    };
    feeRows.push(row);
    return row.id;
  };
  const hubFees = CALCULATORS.map((calculator, i) => fee(hub, calculator, i));
  const producerFee = new Map(producers.map((farm, i) => [farm.id, fee(farm, CALCULATORS[i % CALCULATORS.length], i)]));
  const shopFees = new Map(
    shops.map((shop, i) => [
      shop.id,
      i === 0 ? CALCULATORS.map((calculator, k) => fee(shop, calculator, k)) : [fee(shop, CALCULATORS[i % 6], i), fee(shop, CALCULATORS[(i + 3) % 6], i + 1)],
    ]),
  );
  await insert("enterprise_fees", feeRows);

  // The three open cycles.
  const cycle = (name: string, opensDaysAgo: number, closesInDays: number) => ({
    id: uuid(),
    name,
    coordinator_id: hub.id,
    opens_at: new Date(now - opensDaysAgo * day),
    closes_at: new Date(now + closesInDays * day),
  });
  const editorCycle = cycle("Week 48: every producer", 1, 6);
  const shopCycle = cycle("Week 48: the shop", 2, 5);
  const closingCycle = cycle("Week 47: closing", 6, 1);
  await insert("order_cycles", [editorCycle, shopCycle, closingCycle]);
  await insert("order_cycle_coordinator_fees", [
    ...[0, 2, 5].map((k, position) => ({ order_cycle_id: editorCycle.id, fee_id: hubFees[k], position })),
    ...[0, 2, 5].map((k, position) => ({ order_cycle_id: shopCycle.id, fee_id: hubFees[k], position })),
    { order_cycle_id: closingCycle.id, fee_id: hubFees[1], position: 0 },
  ]);

  const incoming: Record<string, unknown>[] = [];
  const incomingVariants: Record<string, unknown>[] = [];
  const incomingFees: Record<string, unknown>[] = [];
  const outgoing: { id: string; order_cycle_id: string; distributor_id: string; ready_for: string; pickup_instructions: string; tags: string[] }[] = [];
  const outgoingVariants: Record<string, unknown>[] = [];
  const outgoingFees: Record<string, unknown>[] = [];
  const addCycle = (
    cycleId: string,
    farms: typeof producers,
    variantsPerFarm: number,
    outlets: typeof shops,
    sold: (variantId: string, shopIndex: number) => boolean,
    tagsOf: (shopIndex: number) => string[],
  ) => {
    const offered: string[] = [];
    for (const farm of farms) {
      const exchangeId = uuid();
      incoming.push({ id: exchangeId, order_cycle_id: cycleId, supplier_id: farm.id, receival_instructions: "Cold room by 8am, crates labelled" });
      for (const variantId of variantsOf.get(farm.id)!.slice(0, variantsPerFarm)) {
        incomingVariants.push({ exchange_id: exchangeId, variant_id: variantId });
        offered.push(variantId);
      }
      incomingFees.push({ exchange_id: exchangeId, fee_id: producerFee.get(farm.id), position: 0 });
    }
    for (const [i, shop] of outlets.entries()) {
      const exchangeId = uuid();
      outgoing.push({
        id: exchangeId,
        order_cycle_id: cycleId,
        distributor_id: shop.id,
        ready_for: `Friday ${16 + i}:00`,
        pickup_instructions: "Side door",
        tags: tagsOf(i),
      });
      for (const variantId of offered) if (sold(variantId, i)) outgoingVariants.push({ exchange_id: exchangeId, variant_id: variantId });
      for (const [position, feeId] of shopFees.get(shop.id)!.entries()) outgoingFees.push({ exchange_id: exchangeId, fee_id: feeId, position });
    }
  };
  // The editor cycle: each shop sells a seeded half of the 4,000; at shop 0 only tagged members see it.
  const half = new Map(variantRows.map((row) => [row.id, random() < 0.5]));
  addCycle(
    editorCycle.id,
    catalogueProducers,
    SIZES.variantsPerProducer,
    shops,
    (variantId, i) => half.get(variantId) !== (i % 2 === 1),
    (i) => (i === 0 ? ["members"] : []),
  );
  addCycle(
    shopCycle.id,
    producers.slice(0, SIZES.shopCycleProducers),
    SIZES.variantsPerProducer,
    shops,
    () => true,
    () => [],
  );
  addCycle(
    closingCycle.id,
    producers,
    2,
    shops.slice(8),
    () => true,
    () => [],
  );
  await insert("incoming_exchanges", incoming);
  await insert("incoming_exchange_variants", incomingVariants);
  await insert("incoming_exchange_fees", incomingFees);
  await insert("outgoing_exchanges", outgoing);
  await insert("outgoing_exchange_variants", outgoingVariants);
  await insert("outgoing_exchange_fees", outgoingFees);
  const shippingOf = (shopId: string) => shippingRows.filter((row) => row.enterprise_id === shopId);
  const paymentOf = (shopId: string) => paymentRows.filter((row) => row.enterprise_id === shopId);
  await insert(
    "outgoing_exchange_shipping_methods",
    outgoing.flatMap((exchange) => shippingOf(exchange.distributor_id).map((method) => ({ exchange_id: exchange.id, shipping_method_id: method.id }))),
  );
  await insert(
    "outgoing_exchange_payment_methods",
    outgoing.flatMap((exchange) => paymentOf(exchange.distributor_id).map((method) => ({ exchange_id: exchange.id, payment_method_id: method.id }))),
  );

  // The shop's variants get plenty of stock, so P3's orders never run out.
  const shop = shops[0];
  const shopExchange = outgoing.find((row) => row.order_cycle_id === shopCycle.id && row.distributor_id === shop.id)!;
  const shopVariantIds = outgoingVariants.filter((row) => row.exchange_id === shopExchange.id).map((row) => String(row.variant_id));
  await sql`update variants set stock = 1000000 where id = any(${shopVariantIds})`;

  // Customers: the signed-in member (tagged) at shop 0, and 1,500 buyers of the closing cycle.
  const buyers = Array.from({ length: 1500 }, (_, i) => ({ email: `buyer-${i}@bench.test`, name: `Buyer ${i}` }));
  const closingShops = shops.slice(8);
  await insert("customers", [
    { id: uuid(), distributor_id: shop.id, email: buyer.email, name: buyer.name, user_id: buyer.id, tags: ["members"] },
    ...buyers.flatMap((person, i) =>
      (i % 3 === 0 ? closingShops : [closingShops[i % 2]]).map((outlet) => ({
        id: uuid(),
        distributor_id: outlet.id,
        email: person.email,
        name: person.name,
        user_id: null,
        tags: [],
      })),
    ),
  ]);

  // 5,000 placed orders in a closing cycle, 4 lines each, every one of its 500 producers sold.
  // `cardEvery`: every Nth order paid by card instead (0: none), so a cancellation refunds it.
  const closingVariants = producers.flatMap((farm) => variantsOf.get(farm.id)!.slice(0, 2));
  const flatFee = feeRows.find((row) => row.id === hubFees[1])!;
  const closingOrders = (cycleId: string, cardEvery: number) => {
    const orders: Record<string, unknown>[] = [];
    const lines: Record<string, unknown>[] = [];
    const adjustments: Record<string, unknown>[] = [];
    const payments: Record<string, unknown>[] = [];
    for (let i = 0; i < SIZES.pastOrders; i += 1) {
      const orderId = uuid();
      const outlet = closingShops[i % 2];
      const person = buyers[int(0, buyers.length - 1)];
      let items = 0;
      for (let j = 0; j < SIZES.linesPerPastOrder; j += 1) {
        // Line j of order i: producer (4i + j) mod 500, so every producer has 40 lines.
        const variantId = closingVariants[((i * SIZES.linesPerPastOrder + j) % SIZES.closingProducers) * 2 + (i % 2)];
        const product = productOfVariant.get(variantId)!;
        const quantity = int(1, 3);
        const feeCents = 12;
        const unit = product.price + feeCents;
        items += unit * quantity;
        lines.push({
          id: uuid(),
          order_id: orderId,
          variant_id: variantId,
          quantity,
          unit_price_cents: unit,
          total_cents: unit * quantity,
          supplier_id: product.supplierId,
          supplier_price_cents: product.price,
          product_name: product.name,
          variant_name: product.variantName,
          tax_rate_basis_points: product.tax,
          fees: [
            {
              feeId: flatFee.id,
              name: flatFee.name,
              feeType: flatFee.fee_type,
              enterpriseName: hub.name,
              place: "coordinator",
              amountCents: feeCents,
              taxRateBasisPoints: 0,
            },
          ],
        });
      }
      const shipping = pick(shippingOf(outlet.id));
      const payment = pick(paymentOf(outlet.id));
      const fees = shipping.fee_cents;
      if (fees)
        adjustments.push({
          id: uuid(),
          order_id: orderId,
          fee_id: null,
          label: shipping.name,
          enterprise_name: "",
          fee_type: "transport",
          place: "shipping",
          amount_cents: fees,
          tax_rate_basis_points: 0,
        });
      const placedAt = new Date(now - int(60, 6 * 24 * 60) * 60_000);
      // Six orders in ten are paid: one completed payment record of their total (docs/domain.md 9).
      const byCard = cardEvery > 0 && i % cardEvery === 0;
      if (random() < 0.6 || byCard)
        payments.push({
          id: uuid(),
          order_id: orderId,
          kind: "payment",
          method: byCard ? "card" : "cash",
          external_reference: byCard ? `pi_bench_${orderId}` : null,
          amount_cents: items + fees,
          state: "completed",
          occurred_at: placedAt,
          note: "",
          created_at: placedAt,
          updated_at: placedAt,
        });
      orders.push({
        id: orderId,
        order_cycle_id: cycleId,
        distributor_id: outlet.id,
        email: person.email,
        buyer_name: person.name,
        state: "placed",
        shipping_method_id: shipping.id,
        payment_method_id: payment.id,
        delivery_address: shipping.kind === "delivery" ? "2 Mill Road" : "",
        locale: random() < 0.2 ? "fr" : "en",
        items_total_cents: items,
        fees_total_cents: fees,
        total_cents: items + fees,
        placed_at: placedAt,
        created_at: placedAt,
        updated_at: placedAt,
      });
    }
    return { orders, lines, adjustments, payments };
  };
  const { orders, lines, adjustments, payments } = closingOrders(closingCycle.id, 0);
  await insert("orders", orders);
  await insert("order_lines", lines);
  await insert("order_adjustments", adjustments);
  await insert("payments", payments);

  // P9: a second closing cycle of the same shape, 50 supplier minimums on its first 50 producers,
  // the odd ones out of reach with `cancel`; one order in ten paid by card, so cancelling refunds.
  // Made last, so the seeded draws of everything above stay as they were.
  const minimumsCycle = cycle("Week 47: minimums", 6, 1);
  await insert("order_cycles", [minimumsCycle]);
  const before = { incoming: incoming.length, incomingVariants: incomingVariants.length, incomingFees: incomingFees.length, outgoing: outgoing.length };
  const outgoingVariantsBefore = outgoingVariants.length;
  const outgoingFeesBefore = outgoingFees.length;
  addCycle(
    minimumsCycle.id,
    producers,
    2,
    shops.slice(8),
    () => true,
    () => [],
  );
  const minimumsOutgoing = outgoing.slice(before.outgoing);
  await insert("incoming_exchanges", incoming.slice(before.incoming));
  await insert("incoming_exchange_variants", incomingVariants.slice(before.incomingVariants));
  await insert("incoming_exchange_fees", incomingFees.slice(before.incomingFees));
  await insert("outgoing_exchanges", minimumsOutgoing);
  await insert("outgoing_exchange_variants", outgoingVariants.slice(outgoingVariantsBefore));
  await insert("outgoing_exchange_fees", outgoingFees.slice(outgoingFeesBefore));
  await insert(
    "outgoing_exchange_shipping_methods",
    minimumsOutgoing.flatMap((exchange) => shippingOf(exchange.distributor_id).map((method) => ({ exchange_id: exchange.id, shipping_method_id: method.id }))),
  );
  await insert(
    "outgoing_exchange_payment_methods",
    minimumsOutgoing.flatMap((exchange) => paymentOf(exchange.distributor_id).map((method) => ({ exchange_id: exchange.id, payment_method_id: method.id }))),
  );
  const minimumsOrders = closingOrders(minimumsCycle.id, 10);
  await insert("orders", minimumsOrders.orders);
  await insert("order_lines", minimumsOrders.lines);
  await insert("order_adjustments", minimumsOrders.adjustments);
  await insert("payments", minimumsOrders.payments);
  const minimumSuppliers = producers.slice(0, SIZES.thresholds);
  await insert(
    "order_cycle_thresholds",
    minimumSuppliers.map((farm, i) => ({
      id: uuid(),
      order_cycle_id: minimumsCycle.id,
      scope: "supplier",
      supplier_id: farm.id,
      measure: "amount",
      // Each producer sells about 40 lines of a few euros: €1 is reached, €100,000 is not.
      minimum: i % 2 === 0 ? 100 : 10_000_000,
      policy: i % 2 === 0 ? "proceed" : "cancel",
    })),
  );
  await sql`analyze`;

  const searchTerms = [
    ...new Set(
      productRows
        .filter((row) => producers.slice(0, SIZES.shopCycleProducers).some((farm) => farm.id === row.enterprise_id))
        .map((row) => String(row.name).split(" ")[1]),
    ),
  ].sort();
  return {
    coordinatorUserId: coordinator.id,
    buyerUserId: buyer.id,
    hubId: hub.id,
    editorCycleId: editorCycle.id,
    shopCycleId: shopCycle.id,
    closingCycleId: closingCycle.id,
    shopId: shop.id,
    shipping: shippingOf(shop.id)[0].id,
    payment: paymentOf(shop.id)[0].id,
    shopVariantIds,
    searchTerms,
    closingProducerEmails: new Set(producers.map((farm) => farm.email)),
    minimumsCycleId: minimumsCycle.id,
    missedSupplierIds: minimumSuppliers.filter((_, i) => i % 2 === 1).map((farm) => farm.id),
    rows,
  };
}
