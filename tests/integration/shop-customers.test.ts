// A distributor's customer list (docs/domain.md sections 1 and 5, docs/api.md customers): buyers who order
// become customers; the distributor's managers list them and set names and tags through the API;
// nobody else sees or changes the list (404), and a caller without a login gets 401.
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { getDb } from "#db/connection.server";
import { eq } from "drizzle-orm";
import { customers, enterpriseManagers, orders } from "#db/schema";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as customersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers";
import { coopPlus, insertEnterprise, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, customerRows, placeOrderApi, setStock, type Who } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Customers week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  for (const variantId of [...w.variants.a, ...w.variants.b]) await setStock(variantId, null);
});

type CustomerJson = { id: string; email: string; name: string; tags: string[]; orderCount?: number };

async function list(enterpriseId: string, who: Who, q?: string) {
  const query = q === undefined ? "" : `?q=${encodeURIComponent(q)}`;
  const response = await callRoute(customersRoute, { path: `/api/v1/enterprises/${enterpriseId}/customers${query}`, params: { enterpriseId }, ...who });
  return { status: response.status, body: await json(response) };
}

async function put(enterpriseId: string, email: string, body: unknown, who: Who) {
  const response = await callRoute(customerRoute, {
    method: "PUT",
    path: `/api/v1/enterprises/${enterpriseId}/customers/${encodeURIComponent(email)}`,
    params: { enterpriseId, email },
    body,
    ...who,
  });
  return { status: response.status, body: await json(response) };
}

const riverOrder = (lines: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines,
  ...extra,
});

describe("buyers who order become customers of the distributor", () => {
  let member: TestUser;

  beforeAll(async () => {
    member = await createUser({ name: "Nadia Member" });
    expect((await placeOrderApi(riverOrder([{ variantId: w.variants.a[0], quantity: 1 }]), { token: member.token })).status).toBe(201);
    expect((await placeOrderApi(riverOrder([{ variantId: w.variants.a[1], quantity: 2 }]), { token: member.token })).status).toBe(201);
    expect((await placeOrderApi(riverOrder([{ variantId: w.variants.a[0], quantity: 1 }], { email: "Gus.Guest@Example.org", name: "Gus Guest" }))).status).toBe(
      201,
    );
    const cancelled = await placeOrderApi(riverOrder([{ variantId: w.variants.a[0], quantity: 1 }], { email: "gus.guest@example.org" }));
    expect((await cancelOrderApi(cancelled.body.id, { token: w.people.distributor.token })).status).toBe(200);
  });

  test("one customer row per buyer and distributor, whatever the case of the email, linked to the account when signed in", async () => {
    const rows = await customerRows(w.distributor.id);
    expect(rows).toEqual(
      [
        { email: member.email, name: "Nadia Member", user_id: member.id, tags: [] },
        { email: "gus.guest@example.org", name: "Gus Guest", user_id: null, tags: [] },
      ].sort((a, b) => a.email.localeCompare(b.email)),
    );
    // Not a customer of Lake, where they did not order.
    expect(await customerRows(w.lake.id)).toEqual([]);
  });

  test("the distributor lists them with their placed-order counts (a cancelled order does not count)", async () => {
    const { status, body } = await list(w.distributor.id, { token: w.people.distributor.token });
    expect(status).toBe(200);
    expect(body.nextCursor).toBeNull();
    const byEmail = new Map((body.items as CustomerJson[]).map((item) => [item.email, item]));
    expect(byEmail.size).toBe(2);
    expect(byEmail.get(member.email)).toMatchObject({ name: "Nadia Member", tags: [], orderCount: 2 });
    expect(byEmail.get("gus.guest@example.org")).toMatchObject({ name: "Gus Guest", tags: [], orderCount: 1 });
    expect(typeof byEmail.get(member.email)!.id).toBe("string");
  });
});

describe("the distributor manages its customer list through the API", () => {
  test("PUT adds a customer with name and tags (trimmed, lower-cased, once each) and answers {id, email, name, tags, externalId}", async () => {
    const added = await put(
      w.distributor.id,
      "Olga@Example.org",
      { name: " Olga Pro ", tags: [" Pro", "member", "pro "] },
      { token: w.people.distributor.token },
    );
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      id: expect.any(String),
      email: "olga@example.org",
      name: "Olga Pro",
      tags: ["member", "pro"],
      externalId: null,
      marketingConsent: false,
    });
    expect((await customerRows(w.distributor.id)).find((row) => row.email === "olga@example.org")).toMatchObject({ name: "Olga Pro", tags: ["member", "pro"] });
  });

  test("PUT again replaces the tags and keeps the name when none is sent; same id", async () => {
    const first = await put(w.distributor.id, "pat@example.org", { name: "Pat", tags: ["pro"] }, { token: w.people.distributor.token });
    const second = await put(w.distributor.id, "PAT@example.org", { tags: ["wholesale"] }, { token: w.people.distributor.token });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ id: first.body.id, email: "pat@example.org", name: "Pat", tags: ["wholesale"], externalId: null, marketingConsent: false });
    const renamed = await put(w.distributor.id, "pat@example.org", { name: "Patricia", tags: [] }, { token: w.people.distributor.token });
    expect(renamed.body).toEqual({ id: first.body.id, email: "pat@example.org", name: "Patricia", tags: [], externalId: null, marketingConsent: false });
  });

  test("a name the distributor gave stays when the buyer orders under another; the order keeps what the buyer typed", async () => {
    await put(w.distributor.id, "renee@example.org", { name: "Renée (restaurant Le Quai)", tags: ["pro"] }, { token: w.people.distributor.token });
    const placed = await placeOrderApi(riverOrder([{ variantId: w.variants.a[0], quantity: 1 }], { email: "renee@example.org", name: "R. Martin" }));
    expect(placed.status).toBe(201);
    expect((await customerRows(w.distributor.id)).find((row) => row.email === "renee@example.org")).toMatchObject({
      name: "Renée (restaurant Le Quai)",
      tags: ["pro"],
    });
    const [order] = await getDb().select({ buyerName: orders.buyerName }).from(orders).where(eq(orders.id, placed.body.id));
    expect(order.buyerName).toBe("R. Martin");
  });

  test("tags on an existing buyer keep their order count and account link", async () => {
    const buyer = await createUser({ name: "Tagged later" });
    await placeOrderApi(riverOrder([{ variantId: w.variants.a[0], quantity: 1 }]), { token: buyer.token });
    const tagged = await put(w.distributor.id, buyer.email, { tags: ["pro"] }, { token: w.people.distributor.token });
    expect(tagged.body).toMatchObject({ email: buyer.email, name: "Tagged later", tags: ["pro"] });
    expect((await customerRows(w.distributor.id)).find((row) => row.email === buyer.email)).toMatchObject({ user_id: buyer.id, tags: ["pro"] });
    const { body } = await list(w.distributor.id, { token: w.people.distributor.token }, buyer.email);
    expect(body.items).toEqual([expect.objectContaining({ email: buyer.email, tags: ["pro"], orderCount: 1 })]);
  });

  test("?q= filters by email or name, literally (a % or _ is not a wildcard)", async () => {
    await put(w.distributor.id, "under_score@example.org", { name: "Una", tags: [] }, { token: w.people.distributor.token });
    const byName = await list(w.distributor.id, { token: w.people.distributor.token }, "olga pro");
    expect((byName.body.items as CustomerJson[]).map((item) => item.email)).toEqual(["olga@example.org"]);
    const underscore = await list(w.distributor.id, { token: w.people.distributor.token }, "_");
    expect((underscore.body.items as CustomerJson[]).map((item) => item.email)).toEqual(["under_score@example.org"]);
    const percent = await list(w.distributor.id, { token: w.people.distributor.token }, "%");
    expect(percent.body.items).toEqual([]);
  });

  test("another manager of the same distributor may manage it too (browser session works as well)", async () => {
    const colleague = await createUser({ name: "Second River manager" });
    await getDb().insert(enterpriseManagers).values({ enterpriseId: w.distributor.id, userId: colleague.id });
    const response = await put(w.distributor.id, "by-colleague@example.org", { tags: ["pro"] }, { token: colleague.token });
    expect(response.status).toBe(200);
    const viaCookie = await list(w.distributor.id, { cookie: w.sessions.distributor, headers: { Origin: "http://localhost:3000" } });
    expect(viaCookie.status).toBe(200);
  });

  test("bad input answers 422 and changes nothing", async () => {
    const before = await customerRows(w.distributor.id);
    for (const [email, body] of [
      ["not-an-email", { tags: [] }],
      ["ok@example.org", { tags: "pro" }],
      ["ok@example.org", {}],
      ["ok@example.org", { tags: ["x".repeat(41)] }],
    ] as const) {
      const response = await put(w.distributor.id, email, body, { token: w.people.distributor.token });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe("validation_failed");
    }
    expect(await customerRows(w.distributor.id)).toEqual(before);
  });
});

describe("nobody else sees or changes a distributor's customers", () => {
  test("the coordinator, a supplier, another distributor and a plain user get 404; nothing changes", async () => {
    const before = await customerRows(w.distributor.id);
    const plain = await createUser({ name: "Plain" });
    for (const token of [w.people.hub.token, w.people.supplierA.token, w.people.lake.token, w.people.unrelated.token, plain.token]) {
      const listed = await list(w.distributor.id, { token });
      expect(listed.status).toBe(404);
      expect(listed.body.error.code).toBe("not_found");
      const put1 = await put(w.distributor.id, "olga@example.org", { tags: ["hacked"] }, { token });
      expect(put1.status).toBe(404);
      const put2 = await put(w.distributor.id, "intruder@example.org", { name: "Intruder", tags: ["pro"] }, { token });
      expect(put2.status).toBe(404);
      // A bad body tells an outsider nothing either: 404 before any validation.
      const put3 = await put(w.distributor.id, "intruder@example.org", { tags: "not-a-list" }, { token });
      expect(put3.status).toBe(404);
    }
    expect(await customerRows(w.distributor.id)).toEqual(before);
  });

  test("without a login: 401", async () => {
    expect((await list(w.distributor.id, {})).status).toBe(401);
    expect((await put(w.distributor.id, "anon@example.org", { tags: [] }, {})).status).toBe(401);
  });

  test("a cookie-authenticated change from another site is refused (403 cross_origin)", async () => {
    const response = await put(
      w.distributor.id,
      "csrf@example.org",
      { tags: ["pro"] },
      { cookie: w.sessions.distributor, headers: { Origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
    expect((await customerRows(w.distributor.id)).map((row) => row.email)).not.toContain("csrf@example.org");
  });
});

describe("a long customer list", () => {
  test("comes a page at a time by name then email, every customer once, and refuses a cursor or limit it did not make", async () => {
    const owner = await createUser({ name: "Big co-op manager" });
    const big = await insertEnterprise(owner, { name: "Big Co-op", kind: "hub" });
    // 230 customers; a third without a name (sorted first, by email).
    await getDb()
      .insert(customers)
      .values(
        Array.from({ length: 230 }, (_, i) => ({
          distributorId: big.id,
          email: `member-${String(i).padStart(3, "0")}@example.org`,
          name: i % 3 === 0 ? "" : `Member ${String(229 - i).padStart(3, "0")}`,
        })),
      );
    const who = { token: owner.token };
    const pages: CustomerJson[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
      const response = await callRoute(customersRoute, { path: `/api/v1/enterprises/${big.id}/customers${query}`, params: { enterpriseId: big.id }, ...who });
      expect(response.status).toBe(200);
      const body = await json(response);
      pages.push(body.items);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 30]);
    const all = pages.flat();
    expect(new Set(all.map((customer) => customer.email)).size).toBe(230);
    const sortKey = (customer: CustomerJson) => [customer.name.toLowerCase(), customer.email.toLowerCase()];
    expect(all.map(sortKey)).toEqual([...all].map(sortKey).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));

    const limited = await callRoute(customersRoute, { path: `/api/v1/enterprises/${big.id}/customers?limit=7`, params: { enterpriseId: big.id }, ...who });
    expect((await json(limited)).items).toHaveLength(7);
    for (const bad of ["?cursor=garbage", "?limit=-3", "?limit=many"]) {
      const refused = await callRoute(customersRoute, { path: `/api/v1/enterprises/${big.id}/customers${bad}`, params: { enterpriseId: big.id }, ...who });
      expect(refused.status, bad).toBe(422);
    }
  });
});
