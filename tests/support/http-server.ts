// Serves route modules over real HTTP on 127.0.0.1 (for races that must go through sockets):
// each request becomes a web Request handed to the route's loader or action, as Remix would.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

type RouteModule = { loader?: (args: LoaderFunctionArgs) => unknown; action?: (args: ActionFunctionArgs) => unknown };

/** `params`: the route's parameters, fixed, or read from each request's path (one server for many orders). */
export async function serveRoute(route: RouteModule, params: Record<string, string> | ((path: string) => Record<string, string>)) {
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
    const method = incoming.method ?? "GET";
    const request = new Request(new URL(incoming.url ?? "/", "http://localhost:3000"), {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const handler = method === "GET" ? route.loader : route.action;
    let response: Response;
    try {
      const routeParams = typeof params === "function" ? params(new URL(request.url).pathname) : params;
      response = (await handler!({ request, params: routeParams, context: {} } as never)) as Response;
    } catch (thrown) {
      response = thrown instanceof Response ? thrown : new Response(String(thrown), { status: 500 });
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
