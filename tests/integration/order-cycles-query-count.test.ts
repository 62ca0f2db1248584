// docs/quality.md P2: the order-cycle editor's SQL query count does not depend on how many suppliers,
// variants and distributors the cycle has (200 x 20 and 10 distributors, as the benchmark).
import { beforeAll, describe, expect, it } from "vitest";
import * as editorPage from "#app/routes/admin.order-cycles.$cycleId";
import * as cycleApi from "#app/routes/api.v1.order-cycles.$cycleId";
import { cycleEditorData } from "#app/domain/order-cycles/editor.server";
import { queryCount } from "#db/connection.server";
import { actorFor, insertLargeCycle, sessionCookie } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

type World = Awaited<ReturnType<typeof insertLargeCycle>> & { cookie: string; actor: Awaited<ReturnType<typeof actorFor>> };
let small: World;
let large: World;

async function world(sizes: Parameters<typeof insertLargeCycle>[0]): Promise<World> {
  const built = await insertLargeCycle(sizes);
  return { ...built, cookie: await sessionCookie(built.manager), actor: await actorFor(built.manager) };
}

async function counted<T>(run: () => Promise<T>): Promise<{ queries: number; result: T; ms: number }> {
  const before = queryCount();
  const started = performance.now();
  const result = await run();
  return { queries: queryCount() - before, result, ms: performance.now() - started };
}

const loadPage = (w: World) => callRoute(editorPage, { cookie: w.cookie, params: { cycleId: w.cycleId }, path: `/admin/order-cycles/${w.cycleId}/incoming` });

beforeAll(async () => {
  small = await world({ suppliers: 2, variantsEach: 2, distributors: 1 });
  large = await world({ suppliers: 200, variantsEach: 20, distributors: 10 });
  // Warm the pool: a new connection asks Postgres for its types once.
  for (const w of [small, large]) {
    await cycleEditorData(w.actor, w.cycleId);
    await loadPage(w);
  }
}, 60_000);

describe("order-cycle editor query count", () => {
  it("cycleEditorData runs as many queries for 200 suppliers x 20 variants and 10 distributors as for 2 x 2 and 1", async () => {
    const few = await counted(() => cycleEditorData(small.actor, small.cycleId));
    const many = await counted(() => cycleEditorData(large.actor, large.cycleId));
    expect(few.queries).toBeGreaterThan(0);
    expect(many.queries).toBe(few.queries);
    expect(many.result.cycle.incoming).toHaveLength(200);
    expect(many.result.cycle.outgoing).toHaveLength(10);
  });

  it("the editor page loader does too, and returns all 200 suppliers' exchanges with their 4,000 variants", async () => {
    const few = await counted(() => loadPage(small));
    const many = await counted(() => loadPage(large));
    expect(few.result.status).toBe(200);
    expect(many.result.status).toBe(200);
    expect(many.queries).toBe(few.queries);
    const { editor } = await json(many.result);
    expect(editor.cycle.incoming).toHaveLength(200);
    expect(editor.cycle.incoming.map((e: { supplier: { id: string } }) => e.supplier.id).sort()).toEqual([...large.supplierIds].sort());
    expect(editor.cycle.incoming.every((e: { variantIds: string[] }) => e.variantIds.length === 20)).toBe(true);
    expect(Object.keys(editor.variantsBySupplier)).toHaveLength(200);
    expect(Object.values(editor.variantsBySupplier).flat()).toHaveLength(4000);
    expect(editor.cycle.outgoing).toHaveLength(10);
    expect(
      editor.cycle.outgoing.every(
        (e: { variantIds: string[]; editableVariantIds: string[] }) => e.variantIds.length === 2000 && e.editableVariantIds.length === 4000,
      ),
    ).toBe(true);
    // Candidates not yet in the cycle: the two extra farms and the two extra shops.
    expect(editor.candidateSuppliers).toHaveLength(2);
    expect(editor.candidateDistributors.filter((c: { reasons: string[] }) => c.reasons.length === 0)).toHaveLength(3); // two extra shops + the hub itself
  });

  it("the steps without variants get the frame without the variant lists, and moving to a step with them loads it again", async () => {
    const general = await json(
      await callRoute(editorPage, { cookie: large.cookie, params: { cycleId: large.cycleId }, path: `/admin/order-cycles/${large.cycleId}` }),
    );
    expect(general.editor.cycle.incoming).toHaveLength(200);
    expect(general.editor.cycle.outgoing).toHaveLength(10);
    expect(general.editor.variantsBySupplier).toEqual({});
    expect(general.editor.cycle.incoming.every((e: { variantIds: string[] }) => e.variantIds.length === 0)).toBe(true);
    expect(
      general.editor.cycle.outgoing.every(
        (e: { variantIds: string[]; editableVariantIds: string[] }) => e.variantIds.length === 0 && e.editableVariantIds.length === 0,
      ),
    ).toBe(true);
    const outgoing = await json(
      await callRoute(editorPage, { cookie: large.cookie, params: { cycleId: large.cycleId }, path: `/admin/order-cycles/${large.cycleId}/outgoing` }),
    );
    expect(Object.values(outgoing.editor.variantsBySupplier).flat()).toHaveLength(4000);

    const revalidates = (from: string, to: string) =>
      editorPage.shouldRevalidate({
        currentUrl: new URL(`http://x/admin/order-cycles/c${from}`),
        nextUrl: new URL(`http://x/admin/order-cycles/c${to}`),
        defaultShouldRevalidate: false,
      } as Parameters<typeof editorPage.shouldRevalidate>[0]);
    expect(revalidates("", "/incoming")).toBe(true);
    expect(revalidates("/outgoing", "/reports")).toBe(true);
    expect(revalidates("/incoming", "/outgoing")).toBe(false);
    expect(revalidates("/checkout", "/orders")).toBe(false);
    // A running cycle's steps are drawn without the setting-up lists: going back to one loads them.
    expect(revalidates("/orders", "")).toBe(true);
    expect(revalidates("/reports", "/checkout")).toBe(true);
    expect(revalidates("/orders", "/reports")).toBe(false);
    expect(revalidates("/orders", "/orders/o1")).toBe(false);
    const orders = await json(
      await callRoute(editorPage, { cookie: large.cookie, params: { cycleId: large.cycleId }, path: `/admin/order-cycles/${large.cycleId}/orders` }),
    );
    expect(orders.editor.cycle.outgoing).toHaveLength(10);
    expect([orders.editor.fees, orders.editor.methods, orders.editor.candidateSuppliers, orders.editor.candidateDistributors]).toEqual([[], [], [], []]);
    // Read without those lists, the frame says the rest exactly as the General step's does.
    expect(orders.editor).toEqual({ ...general.editor, fees: [], methods: [], candidateSuppliers: [], candidateDistributors: [] });
    expect(general.editor.fees.length).toBeGreaterThan(0);
  });

  it("the API view of the large cycle costs as many queries as the small one", async () => {
    const view = (w: World) => callRoute(cycleApi, { token: w.manager.token, params: { cycleId: w.cycleId } });
    await view(small);
    await view(large);
    const few = await counted(() => view(small));
    const many = await counted(() => view(large));
    expect(many.queries).toBe(few.queries);
    expect((await json(many.result)).incoming).toHaveLength(200);
  });
});
