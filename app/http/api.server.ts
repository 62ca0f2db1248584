// Adapters for JSON API resource routes: authentication, body parsing, and errors in the contract's shape.
import type { Params } from "@remix-run/react";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { optionalCaller, requireCaller, type Caller } from "#app/auth/actor.server";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { localeFromAcceptLanguage } from "#app/i18n/locale.server";
import { apiErrorResponse, asDomainError } from "./errors.server";
import { withSecurityHeaders } from "./security.server";

const MAX_BODY_BYTES = 1_000_000;

export type ApiContext = { request: Request; params: Params; locale: Locale };
export type AuthedApiContext = ApiContext & { caller: Caller; actor: Actor };

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().includes("application/json")) throw new DomainError("malformed");
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new DomainError("malformed");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new DomainError("malformed");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("malformed");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new DomainError("malformed");
  return body as Record<string, unknown>;
}

export function jsonResponse(data: unknown, status = 200): Response {
  return Response.json(data, { status });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

function finish(response: Response): Response {
  withSecurityHeaders(response.headers);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

async function run(args: { request: Request; params: Params }, handler: (context: ApiContext) => Promise<Response>): Promise<Response> {
  const locale = localeFromAcceptLanguage(args.request.headers.get("Accept-Language")) ?? defaultLocale;
  try {
    return finish(await handler({ request: args.request, params: args.params, locale }));
  } catch (error) {
    if (error instanceof Response) return finish(error);
    const domainError = asDomainError(error);
    if (domainError) return finish(apiErrorResponse(domainError, locale));
    console.error(error);
    return finish(Response.json({ error: { code: "internal", message: "Internal error", fields: {} } }, { status: 500 }));
  }
}

/** An endpoint anyone may call (sign-up, login). */
export function publicApi(args: { request: Request; params: Params }, handler: (context: ApiContext) => Promise<Response>) {
  return run(args, handler);
}

/** An endpoint for a signed-in caller (bearer token or same-origin session cookie). */
export function authedApi(args: { request: Request; params: Params }, handler: (context: AuthedApiContext) => Promise<Response>) {
  return run(args, async (context) => {
    const caller = await requireCaller(context.request);
    return handler({ ...context, caller, actor: caller.actor });
  });
}

/** Answers 405 for methods a route does not serve. */
export function methodNotAllowed(): Response {
  return finish(Response.json({ error: { code: "method_not_allowed", message: "Method not allowed", fields: {} } }, { status: 405 }));
}

/** The loader of an endpoint that only writes: a GET is answered 405, not Remix's 400. */
export const writeOnlyLoader = () => methodNotAllowed();

export { optionalCaller };

/** A shop API caller as a buyer: their account, the `?key=` of an unlisted sale's link, the enterprises they manage. */
export function apiBuyer(request: Request, caller: Caller | undefined) {
  const key = new URL(request.url).searchParams.get("key");
  return {
    userId: caller?.user.id,
    email: caller?.user.email,
    shareKeys: key ? [key.slice(0, 64)] : [],
    managedEnterpriseIds: caller?.actor.enterpriseIds ?? [],
  };
}
