// Security headers for every answer and the same-origin check for cookie-authenticated mutations.
import { settings } from "#app/config/settings.server";
import { DomainError } from "#app/domain/errors";

export function appOrigin(): string {
  return settings().appOrigin;
}

const securityHeaders: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

export function withSecurityHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(securityHeaders)) if (!headers.has(name)) headers.set(name, value);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a browser sent from another site. Requests without
 * Origin or Sec-Fetch-Site (API clients, curl) carry no ambient cookie risk from a browser.
 */
export function assertSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none") throw new DomainError("cross_origin");
  const origin = request.headers.get("Origin");
  if (origin === null) return;
  if (origin === "null") throw new DomainError("cross_origin");
  const requestOrigin = new URL(request.url).origin;
  if (origin !== appOrigin() && origin !== requestOrigin) throw new DomainError("cross_origin");
}
