// The /api/v1 route files as Remix routes them (its own flat-routes convention), and a real HTTP
// server that dispatches to them, as the app does, for clients driven from tests.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { matchRoutes } from "@remix-run/router";

type Handler = (args: never) => unknown;
export type ApiRouteModule = { loader?: Handler; action?: Handler };

const modules = import.meta.glob<ApiRouteModule>("../../app/routes/api.v1.*.ts", { eager: true });
const manifest = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.*"]) as Record<string, { id: string; parentId?: string; path?: string; file: string }>;

// A route's path in the manifest is relative to its parent's (a.b and a.b.c nest).
const fullPath = (id: string): string => {
  const route = manifest[id];
  if (!route || id === "root") return "";
  return [fullPath(route.parentId ?? "root"), route.path].filter(Boolean).join("/");
};

export type ApiRoute = { file: string; remixPath: string; /** OpenAPI style, under /api/v1: `/orders/{orderId}`. */ path: string; module: ApiRouteModule };

export const apiRoutes: ApiRoute[] = Object.values(manifest)
  .filter((route) => /^routes\/api\.v1\./.test(route.id))
  .map((route) => {
    const file = route.file.replace(/^routes\//, "");
    const module = modules[`../../app/routes/${file}`];
    if (!module) throw new Error(`No module for ${file}`);
    const remixPath = `/${fullPath(route.id)}`;
    return { file, remixPath, path: remixPath.replace(/^\/api\/v1/, "").replace(/:(\w+)/g, "{$1}"), module };
  });

/** Serves every /api/v1 route over HTTP on 127.0.0.1, each request to the route Remix would pick. */
export async function serveApi() {
  const routes = apiRoutes.map((route) => ({ id: route.file, path: route.remixPath }));
  const byFile = new Map(apiRoutes.map((route) => [route.file, route]));
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
    const method = incoming.method ?? "GET";
    const url = new URL(incoming.url ?? "/", "http://localhost:3000");
    const request = new Request(url, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
    const match = matchRoutes(routes, url.pathname)?.at(-1);
    let response: Response;
    if (!match) {
      response = Response.json({ error: { code: "not_found", message: "Not found", fields: {} } }, { status: 404 });
    } else {
      const route = byFile.get(match.route.id!)!;
      const handler = method === "GET" ? route.module.loader : route.module.action;
      try {
        response = (await handler!({ request, params: match.params, context: {} } as never)) as Response;
      } catch (thrown) {
        response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
      }
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
