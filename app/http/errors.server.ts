// The one place that turns domain errors into HTTP statuses, JSON error bodies and translated form errors.
import { isDatabaseUnavailable } from "#db/unavailable";
import { DomainError, invalidField, type DomainErrorCode, type FieldErrors } from "#app/domain/errors";
import { isExternalIdConstraint } from "#app/domain/external-ids/rules";
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";

const statusByCode: Record<DomainErrorCode, number> = {
  malformed: 400,
  validation_failed: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  email_taken: 409,
  already_exists: 409,
  has_orders: 409,
  order_cycle_closed: 409,
  out_of_stock: 409,
  capacity_reached: 409,
  limit_exceeded: 422,
  promo_code_exhausted: 409,
  conflict: 409,
  total_changed: 409,
  order_cancelled: 409,
  needs_confirmation: 409,
  invoicing_details_missing: 422,
  order_not_placed: 409,
  too_large: 413,
  rate_limited: 429,
  cross_origin: 403,
  unavailable: 503,
};

export function statusFor(code: DomainErrorCode): number {
  return statusByCode[code];
}

export function translateFieldErrors(fields: FieldErrors, locale: Locale): Record<string, string> {
  const t = translator(locale, "errors");
  return Object.fromEntries(Object.entries(fields).map(([name, error]) => [name, t(`fields.${error.key}`, error.values ?? {})]));
}

export function errorMessage(error: DomainError, locale: Locale): string {
  return translator(locale, "errors")(`codes.${error.code}`, error.values);
}

/** Postgres errors that mean "your input does not fit", never a server fault. */
function domainErrorFromDatabase(error: unknown): DomainError | undefined {
  const candidate = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } } | null;
  // drizzle wraps the driver's error; the SQLSTATE is on the cause.
  const code = candidate?.code ?? candidate?.cause?.code;
  const constraint = candidate?.constraint_name ?? candidate?.cause?.constraint_name;
  // Another record of the same owner has this external id: said at the field (decision 0044).
  if (code === "23505" && isExternalIdConstraint(constraint)) return invalidField("externalId", "externalIdTaken");
  if (code === "23505") return new DomainError("already_exists");
  // Text the database cannot store (e.g. a NUL byte) is input we refuse, not a fault.
  if (code === "22021" || code === "22P05") return new DomainError("malformed");
  if (code === "22P02" || code === "22003" || code === "22001" || code === "23514") return new DomainError("validation_failed");
  if (code === "23503") return new DomainError("not_found");
  return undefined;
}

export { isDatabaseUnavailable };

export function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (isDatabaseUnavailable(error)) return new DomainError("unavailable");
  return domainErrorFromDatabase(error);
}

export function apiErrorResponse(error: DomainError, locale: Locale): Response {
  return Response.json(
    {
      error: {
        code: error.code,
        message: errorMessage(error, locale),
        fields: translateFieldErrors(error.fields, locale),
      },
    },
    {
      status: statusFor(error.code),
      headers: error.code === "unauthenticated" ? { "WWW-Authenticate": "Bearer" } : error.code === "unavailable" ? { "Retry-After": "5" } : {},
    },
  );
}

type RouteFunction = (args: unknown) => unknown;
type ServerRoutes = Record<string, { module: Record<string, unknown> } & Record<string, unknown>>;

/**
 * Wraps every route's loader and action so that losing the database becomes a thrown 503 answer,
 * which the error boundary turns into "try again in a moment" in the reader's language. Remix
 * would otherwise hide the cause behind a generic 500 in production (docs/quality.md R8).
 */
export function answerUnavailableWhenTheDatabaseIsLost(routes: ServerRoutes): void {
  const guard = (handler: RouteFunction): RouteFunction =>
    async function guarded(args) {
      try {
        return await handler(args);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw new Response(null, { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": "5" } });
        throw error;
      }
    };
  for (const [id, route] of Object.entries(routes)) {
    const module = { ...route.module };
    for (const name of ["loader", "action"]) if (typeof module[name] === "function") module[name] = guard(module[name] as RouteFunction);
    routes[id] = { ...route, module };
  }
}
