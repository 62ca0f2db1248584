// Calls route modules directly with real Request objects, as Remix would, against the test database.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};

export type CallOptions = {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  body?: unknown;
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  form?: Record<string, string | string[]>;
};

export const BASE_URL = "http://localhost:3000";

export function buildRequest(options: CallOptions): Request {
  const method = options.method ?? (options.body !== undefined || options.form ? "POST" : "GET");
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: BodyInit | undefined;
  if (options.form) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    }
    body = form;
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    if (!headers.has("Origin")) headers.set("Origin", BASE_URL);
  } else if (options.body !== undefined) {
    // Strings and bytes (an image upload) are sent as they are; anything else as JSON.
    body = typeof options.body === "string" || options.body instanceof Uint8Array ? (options.body as BodyInit) : JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return new Request(new URL(options.path ?? "/", BASE_URL), { method, headers, body });
}

/** Runs a route's loader (GET) or action (other methods) and returns the Response it produced. */
export async function callRoute(route: RouteModule, options: CallOptions = {}): Promise<Response> {
  const request = buildRequest(options);
  const args = { request, params: options.params ?? {}, context: {} };
  const handler = request.method === "GET" || request.method === "HEAD" ? route.loader : route.action;
  if (!handler) throw new Error(`The route has no ${request.method === "GET" ? "loader" : "action"}`);
  try {
    const result = await handler(args as never);
    if (result instanceof Response) return result;
    // Remix single-fetch `data()` results and plain objects.
    const maybe = result as { type?: string; data?: unknown; init?: ResponseInit | null };
    if (maybe && maybe.type === "DataWithResponseInit") {
      return Response.json(maybe.data, maybe.init ?? {});
    }
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
