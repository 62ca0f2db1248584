// Any /api/… address no endpoint serves is routed, among the app's real routes, to the JSON 404 of
// api.md (app/routes/api.$.ts), never to the HTML catch-all that browsers get; and it carries the
// API's security headers.
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import * as unknownApi from "#app/routes/api.$";
import { callRoute, json } from "#tests/support/http";

type Manifest = Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>;
const manifest = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.*"]) as Manifest;

function tree(parentId: string): RouteObject[] {
  return Object.values(manifest)
    .filter((route) => (route.parentId ?? "root") === parentId && route.id !== "root")
    .map((route) => (route.index ? { id: route.id, index: true, path: route.path } : { id: route.id, path: route.path, children: tree(route.id) }));
}
const routes: RouteObject[] = [{ id: "root", path: "", children: tree("root") }];
const routeFor = (pathname: string) => matchRoutes(routes, pathname)?.at(-1)?.route.id;

describe("an /api address no endpoint serves", () => {
  test.each(["/api/v1/no-such-thing", "/api/v1/orders/abc/nothing-here", "/api/v1/enterprises/e1/no-such-list", "/api/v2/order-cycles", "/api"])(
    "%s is served by the API's 404 route",
    (pathname) => {
      expect(routeFor(pathname)).toBe("routes/api.$");
    },
  );

  test("a known endpoint and a page keep their own routes; an unknown page gets the HTML catch-all", () => {
    expect(routeFor("/api/v1/order-cycles")).toBe("routes/api.v1.order-cycles");
    expect(routeFor("/api/v1/orders/abc")).toBe("routes/api.v1.orders.$orderId");
    expect(routeFor("/no-such-page")).toBe("routes/$");
  });

  test.each(["GET", "POST", "PUT", "DELETE"])("%s answers 404 not_found as JSON with the API's security headers", async (method) => {
    const response = await callRoute(unknownApi, {
      method,
      path: "/api/v1/orders/abc/nothing-here",
      params: { "*": "v1/orders/abc/nothing-here" },
      ...(method === "GET" ? {} : { body: {} }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect((await json(response)).error.code).toBe("not_found");
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
