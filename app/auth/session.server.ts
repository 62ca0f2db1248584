// Browser sessions: create on login (always a new id), read on each request, destroy on logout.
import { lucia, ABSOLUTE_SESSION_LIFETIME_MS } from "./lucia.server";

export type SessionUser = { id: string; email: string; name: string; locale: string | null };

export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, { createdAt: new Date() });
  return lucia().createSessionCookie(session.id).serialize();
}

/**
 * Signs a user in from this browser: the session its cookie named (if any) is deleted and a new
 * one with a fresh id begins, so an id planted before login is worth nothing after it.
 */
export async function startSessionReplacing(request: Request, userId: string): Promise<string> {
  const previous = sessionIdFrom(request);
  if (previous) await lucia().invalidateSession(previous);
  return startSession(userId);
}

function sessionIdFrom(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/** True once a session began longer ago than the absolute limit, whatever its activity; unknown start counts as expired. */
export function isPastAbsoluteLifetime(createdAt: Date | string | undefined, now = Date.now()): boolean {
  const started = createdAt === undefined ? Number.NaN : new Date(createdAt).getTime();
  return !Number.isFinite(started) || now - started > ABSOLUTE_SESSION_LIFETIME_MS;
}

/** The signed-in user, and a refreshed cookie when lucia extended the session. */
export async function readSession(request: Request): Promise<{ user: SessionUser | null; setCookie?: string }> {
  const sessionId = sessionIdFrom(request);
  if (!sessionId) return { user: null };
  const { session, user } = await lucia().validateSession(sessionId);
  if (!session || !user) return { user: null, setCookie: lucia().createBlankSessionCookie().serialize() };
  if (isPastAbsoluteLifetime(session.createdAt)) {
    await lucia().invalidateSession(session.id);
    return { user: null, setCookie: lucia().createBlankSessionCookie().serialize() };
  }
  const setCookie = session.fresh ? lucia().createSessionCookie(session.id).serialize() : undefined;
  return { user: { id: user.id, email: user.email, name: user.name, locale: user.locale }, setCookie };
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = sessionIdFrom(request);
  if (sessionId) await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}
