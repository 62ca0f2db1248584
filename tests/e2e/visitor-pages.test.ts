// Visitors' pages kept by the data they were rendered from (decision 0063, docs/quality.md P1), on
// the production server: a visitor's shop page asked again with the same data is sent again byte for
// byte (`X-Page-Cache: hit`); once the hub changes a product's stock, the next visitor's page is
// rendered anew and shows it at once; a signed-in buyer's page is never kept.
import { demoApi } from "./app";
import { app } from "./demo";

type Answer = { cache: string | null; html: string };

async function visit(address: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(address, { headers });
  expect(response.status).toBe(200);
  return { cache: response.headers.get("x-page-cache"), html: await response.text() };
}

/** Visits until one answer is kept from the one before it (the page's clock moves each second). */
async function visitUntilKept(address: string): Promise<[Answer, Answer]> {
  let previous = await visit(address);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const next = await visit(address);
    if (next.cache === "hit") return [previous, next];
    previous = next;
  }
  throw new Error(`no kept answer for ${address}`);
}

test("a visitor's page is sent again while its data is the same, and rendered anew with the new stock", async () => {
  const hub = await demoApi(app.url, "hub@demo.circuit.coop");
  const { items: cycles } = (await hub("/order-cycles?state=open")) as { items: { id: string; name: string; coordinator: { id: string } }[] };
  const weekly = cycles.find((cycle) => cycle.name === "Weekly veg box")!;
  const shopId = weekly.coordinator.id;
  const address = `${app.url}/shop/${shopId}?cycle=${weekly.id}`;

  const [rendered, kept] = await visitUntilKept(address);
  expect(rendered.cache).toBe("miss");
  expect(kept.html).toBe(rendered.html);

  // The hub sets one of its products to 3 left: the very next visitor sees "Only 3 left" on it.
  const { items: products } = (await (await fetch(`${app.url}/api/v1/shops/${shopId}/order-cycles/${weekly.id}/products`)).json()) as {
    items: { variantId: string; productName: string; variantName: string; unitsPerCase: number; available: number | null }[];
  };
  const product = products.find((item) => item.unitsPerCase === 1 && (item.available === null || item.available > 5))!;
  expect(kept.html).not.toMatch(new RegExp(`id="variant-${product.variantId}"[^]*?Only 3 left`));
  await hub(`/variants/${product.variantId}`, { method: "PATCH", body: { stock: 3 } });
  const after = await visit(address);
  expect(after.cache).toBe("miss");
  const row = after.html.slice(after.html.indexOf(`id="variant-${product.variantId}"`));
  expect(row.slice(0, row.indexOf("</li>"))).toContain("Only 3 left");
});

test("a signed-in buyer's page is rendered for them every time and never kept", async () => {
  const session = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams({ email: "buyer@demo.circuit.coop", password: "circuit-demo" }),
    redirect: "manual",
  });
  const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie).toMatch(/=/);
  const hub = await demoApi(app.url, "hub@demo.circuit.coop");
  const { items: cycles } = (await hub("/order-cycles?state=open")) as { items: { id: string; name: string; coordinator: { id: string } }[] };
  const weekly = cycles.find((cycle) => cycle.name === "Weekly veg box")!;
  const address = `${app.url}/shop/${weekly.coordinator.id}?cycle=${weekly.id}`;
  for (let visitCount = 0; visitCount < 3; visitCount += 1) {
    const answer = await visit(address, { Cookie: cookie });
    expect(answer.cache).toBeNull();
    expect(answer.html).toContain("Log out");
  }
});
