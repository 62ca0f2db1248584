// The OpenAPI 3.1 document of /api/v1, built once from ./operations.server (decision 0043).
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { operations, type Operation } from "./operations.server";
import { errorEnvelope } from "./shapes";

const errorAnswers: Record<number, string> = {
  400: "Malformed: not JSON, or too large",
  401: "No token, or a bad one",
  403: "Visible but not allowed",
  404: "Absent, or not visible to the caller",
  409: "Conflict: the cycle is closed, out of stock, has orders, needs confirmation",
  413: "The body is larger than the route takes (a CSV import: 20 MB)",
  422: "Validation failed: `fields` says why, per field, in the caller's language",
  429: "Too many attempts",
};

function errorCodes(operation: Operation): number[] {
  const writes = operation.method !== "get";
  const hasParams = operation.path.includes("{");
  return [
    400,
    ...(operation.auth === undefined ? [401, 403] : []),
    ...(hasParams || operation.auth === undefined ? [404] : []),
    ...(writes ? [409] : []),
    ...(writes || operation.query ? [422] : []),
    ...(operation.rawBody === "text/csv" || operation.rawBody === "image/*" ? [413] : []),
    ...(operation.path === "/sessions" || operation.path === "/users" ? [429] : []),
  ];
}

function pathParams(operation: Operation) {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  return names.length ? z.object(Object.fromEntries(names.map((name) => [name, operation.params?.[name] ?? z.string()]))) : undefined;
}

function routeConfig(operation: Operation): RouteConfig {
  const params = pathParams(operation);
  const headers = operation.idempotent ? z.object({ "Idempotency-Key": z.string().max(200).optional() }) : undefined;
  const body = operation.body
    ? { required: true, content: { "application/json": { schema: operation.body } } }
    : operation.rawBody
      ? operation.rawBody === "image/*"
        ? {
            required: true,
            content: Object.fromEntries(["image/jpeg", "image/png", "image/webp"].map((type) => [type, { schema: z.string().meta({ format: "binary" }) }])),
          }
        : { required: true, content: { [operation.rawBody]: { schema: operation.rawBody === "text/csv" ? z.string() : z.looseObject({}) } } }
      : undefined;
  const responses: RouteConfig["responses"] = {};
  // Answers of one status in several media types (JSON, or CSV/PDF on request) share one response.
  for (const answer of operation.answers) {
    const same = responses[answer.status] as { description: string; content?: Record<string, { schema: z.ZodType }> } | undefined;
    const content = answer.schema ? { ...same?.content, [answer.contentType ?? "application/json"]: { schema: answer.schema } } : same?.content;
    responses[answer.status] = { description: same ? `${same.description}; ${answer.description}` : answer.description, ...(content ? { content } : {}) };
  }
  for (const status of errorCodes(operation)) responses[status] = { $ref: `#/components/responses/Error${status}` } as never;
  responses.default = { $ref: "#/components/responses/ErrorDefault" } as never;
  return {
    method: operation.method,
    path: operation.path,
    summary: operation.summary,
    tags: [operation.tag],
    operationId: `${operation.method}${operation.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_match, next?: string) => (next ?? "").toUpperCase())}`,
    security: operation.auth === "none" ? [] : operation.auth === "optional" ? [{}, { bearer: [] }] : [{ bearer: [] }],
    request: { params, headers, query: operation.query, body },
    responses,
  };
}

function build() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A token from POST /sessions. Same-origin browser calls may use the session cookie instead.",
  });
  // Plain JSON Schema from zod itself: register() would need zod extended with .openapi().
  const { $schema: _dialect, ...errorSchema } = z.toJSONSchema(errorEnvelope);
  registry.registerComponent("schemas", "Error", errorSchema as never);
  const error = { $ref: "#/components/schemas/Error" };
  for (const [status, description] of Object.entries(errorAnswers)) {
    registry.registerComponent("responses", `Error${status}`, { description, content: { "application/json": { schema: error } } });
  }
  registry.registerComponent("responses", "ErrorDefault", {
    description: "Any other error, in the same envelope",
    content: { "application/json": { schema: error } },
  });
  for (const operation of operations) registry.registerPath(routeConfig(operation));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Circuit API",
      version: "1",
      description: "JSON in and out, camelCase keys, ids as strings, money in integer cents, instants in ISO 8601. See docs/api.md.",
      license: { name: "AGPL-3.0-only", identifier: "AGPL-3.0-only" },
    },
    servers: [{ url: "/api/v1" }],
  });
}

let document: ReturnType<typeof build> | undefined;

export function openApiDocument() {
  document ??= build();
  return document;
}
