// Security headers for every answer and the same-origin check for cookie-authenticated mutations.
import { settings } from "#app/config/settings.server";
import { DomainError } from "#app/domain/errors";

export function appOrigin(): string {
  return settings().appOrigin;
}

/** Images may come from the bucket's public address when uploads go to S3. */
function imageSources(): string {
  const s3 = settings().uploads.s3;
  return s3 ? `'self' data: ${new URL(s3.publicUrl).origin}` : "'self' data:";
}

let securityHeadersOf: { imgSrc: string; headers: Record<string, string> } | undefined;

function currentSecurityHeaders(): Record<string, string> {
  const imgSrc = imageSources();
  if (securityHeadersOf?.imgSrc !== imgSrc)
    securityHeadersOf = { imgSrc, headers: { ...securityHeaders, "Content-Security-Policy": contentSecurityPolicy(imgSrc) } };
  return securityHeadersOf.headers;
}

const contentSecurityPolicy = (imgSrc: string) =>
  `default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src ${imgSrc}; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;

const securityHeaders: Record<string, string> = {
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

export function withSecurityHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(currentSecurityHeaders())) if (!headers.has(name)) headers.set(name, value);
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
