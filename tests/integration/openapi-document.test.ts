// GET /api/v1/openapi.json documents every method of every /api/v1 route file, and is a valid
// OpenAPI 3.1 document by a real parser. A route added without its entry in
// app/http/openapi/operations.server.ts fails here.
import { validate } from "@readme/openapi-parser";
import { describe, expect, test } from "vitest";
import * as openapiRoute from "#app/routes/api.v1.openapi[.]json";
import { apiRoutes } from "#tests/support/api-routes";
import { callRoute, json } from "#tests/support/http";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The methods a route file serves: anything but 405 to a caller without a token. */
async function servedMethods(route: (typeof apiRoutes)[number]) {
  const params = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1], "no-such-id"]));
  const served: string[] = [];
  for (const method of methods) {
    const handler = method === "GET" ? route.module.loader : route.module.action;
    if (!handler) continue;
    const response = await callRoute(route.module as never, { method, params, path: `/api/v1${route.path}` });
    if (response.status !== 405) served.push(method.toLowerCase());
  }
  return served;
}

async function fetchDocument() {
  const response = await callRoute(openapiRoute, { path: "/api/v1/openapi.json" });
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("application/json");
  return json(response);
}

describe("the OpenAPI document", () => {
  test("is public and a valid OpenAPI 3.1 document", async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe("OpenAPI");
  });

  test("documents every method of every API route file, and nothing that is not served", async () => {
    const document = await fetchDocument();
    expect(apiRoutes.length).toBeGreaterThan(40);
    const served: string[] = [];
    for (const route of apiRoutes) for (const method of await servedMethods(route)) served.push(`${method} ${route.path}`);
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(served).toContain("post /order-cycles");
    expect(served).toContain("get /order-cycles/{cycleId}/outgoing/{distributorId}/invoices.pdf");
    expect(
      served.filter((operation) => !documented.includes(operation)),
      "add each to app/http/openapi/operations.server.ts",
    ).toEqual([]);
    expect(documented.filter((operation) => !served.includes(operation))).toEqual([]);
  });

  test("each operation has the error envelope, and a signed-in one the bearer scheme", async () => {
    const document = await fetchDocument();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
    const cycles = document.paths["/order-cycles"];
    expect(cycles.post.security).toEqual([{ bearer: [] }]);
    expect(cycles.post.responses["422"]).toEqual({ $ref: "#/components/responses/Error422" });
    expect(cycles.post.requestBody.content["application/json"].schema.required).toEqual(["name", "coordinatorId"]);
    expect(document.paths["/sessions"].post.security).toEqual([]);
    for (const item of Object.values(document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const operation of Object.values(item)) expect(operation.responses.default).toEqual({ $ref: "#/components/responses/ErrorDefault" });
    }
  });
});
