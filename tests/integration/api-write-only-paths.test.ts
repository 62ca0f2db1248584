// Every API path answers a GET: with its data, or, where the path only writes, with 405
// method_not_allowed and the usual security headers (Remix alone answered 400).
import { describe, expect, test } from "vitest";
import { writeOnlyLoader } from "#app/http/api.server";
import { callRoute, json } from "#tests/support/http";

type RouteModule = { loader?: unknown; action?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/api.v1.*.ts", { eager: true });
const routes = Object.entries(modules).map(([file, module]) => [file.replace(/^.*\/routes\//, ""), module] as const);
const writeOnly = routes.filter(([, module]) => module.loader === writeOnlyLoader);

describe("API paths that only write", () => {
  test("every API route has a loader, so a GET never falls to Remix's 400", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter(([, module]) => typeof module.loader !== "function").map(([file]) => file)).toEqual([]);
    expect(writeOnly.map(([file]) => file)).toContain("api.v1.orders.$orderId.cancel.ts");
  });

  test.each(writeOnly)("GET %s answers 405 with the security headers", async (_file, module) => {
    const response = await callRoute(module as never, { method: "GET", path: "/api/v1/anything" });
    expect(response.status).toBe(405);
    expect((await json(response)).error.code).toBe("method_not_allowed");
    expect(response.headers.get("Content-Security-Policy")).toBeTruthy();
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
