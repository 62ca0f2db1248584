// Resolves who is making a request: a bearer API token or the browser session cookie.
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { users } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { managedEnterpriseIds } from "#app/domain/enterprises/managers.server";
import { assertSameOrigin } from "#app/http/security.server";
import { userIdForApiToken } from "./api-tokens.server";
import { readSession, type SessionUser } from "./session.server";

export type Caller = { user: SessionUser; actor: Actor; via: "token" | "session"; setCookie?: string };

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("Authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new DomainError("unauthenticated");
  return match[1];
}

async function loadUser(userId: string): Promise<SessionUser | undefined> {
  const [user] = await getDb().select({ id: users.id, email: users.email, name: users.name, locale: users.locale }).from(users).where(eq(users.id, userId));
  return user;
}

/**
 * Each request's caller, looked up once: a page's loaders (the root's and the route's) run with the
 * same request and would otherwise read the session and the managed enterprises twice.
 */
const callerOf = new WeakMap<Request, Promise<Caller | undefined>>();

/** The caller, or undefined when nobody is signed in. Cookie-authenticated mutations must be same-origin. */
export function optionalCaller(request: Request): Promise<Caller | undefined> {
  let caller = callerOf.get(request);
  if (!caller) {
    caller = lookUpCaller(request);
    callerOf.set(request, caller);
  }
  return caller;
}

async function lookUpCaller(request: Request): Promise<Caller | undefined> {
  const token = bearerToken(request);
  if (token) {
    const userId = await userIdForApiToken(token);
    const user = userId ? await loadUser(userId) : undefined;
    if (!user) throw new DomainError("unauthenticated");
    return { user, actor: { userId: user.id, enterpriseIds: await managedEnterpriseIds(user.id) }, via: "token" };
  }
  const { user, setCookie } = await readSession(request);
  if (!user) return undefined;
  assertSameOrigin(request);
  return { user, actor: { userId: user.id, enterpriseIds: await managedEnterpriseIds(user.id) }, via: "session", setCookie };
}

export async function requireCaller(request: Request): Promise<Caller> {
  const caller = await optionalCaller(request);
  if (!caller) throw new DomainError("unauthenticated");
  return caller;
}

/** For pages: the caller, or a redirect to the login page that comes back here. */
export async function requireUserPage(request: Request): Promise<Caller> {
  const caller = await optionalCaller(request).catch(() => undefined);
  if (caller) return caller;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}
