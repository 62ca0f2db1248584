// The one place that turns domain errors into HTTP statuses, JSON error bodies and translated form errors.
import { DomainError, type DomainErrorCode, type FieldErrors } from "#app/domain/errors";
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
  conflict: 409,
  rate_limited: 429,
  cross_origin: 403,
  unavailable: 503,
};

export function statusFor(code: DomainErrorCode): number {
  return statusByCode[code];
}

export function translateFieldErrors(fields: FieldErrors, locale: Locale): Record<string, string> {
  const t = translator(locale, "errors");
  return Object.fromEntries(
    Object.entries(fields).map(([name, error]) => [name, t(`fields.${error.key}`, error.values ?? {})]),
  );
}

export function errorMessage(error: DomainError, locale: Locale): string {
  return translator(locale, "errors")(`codes.${error.code}`, error.values);
}

/** Postgres errors that mean "your input does not fit", never a server fault. */
function domainErrorFromDatabase(error: unknown): DomainError | undefined {
  const candidate = error as { code?: string; cause?: { code?: string } } | null;
  // drizzle wraps the driver's error; the SQLSTATE is on the cause.
  const code = candidate?.code ?? candidate?.cause?.code;
  if (code === "23505") return new DomainError("already_exists");
  // Text the database cannot store (e.g. a NUL byte) is input we refuse, not a fault.
  if (code === "22021" || code === "22P05") return new DomainError("malformed");
  if (code === "22P02" || code === "22003" || code === "22001" || code === "23514") return new DomainError("validation_failed");
  if (code === "23503") return new DomainError("not_found");
  return undefined;
}

const connectionErrorCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

/**
 * The database is out of reach (restarting, network down): the request fails cleanly with 503
 * and the next one reconnects by itself (quality.md R8). SQLSTATE class 08 and 57P01–57P03 too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const code = String((error as { code?: unknown }).code ?? "");
  if (connectionErrorCodes.has(code) || code.startsWith("08") || ["57P01", "57P02", "57P03"].includes(code)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}

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
    { status: statusFor(error.code), headers: error.code === "unauthenticated" ? { "WWW-Authenticate": "Bearer" } : error.code === "unavailable" ? { "Retry-After": "5" } : {} },
  );
}
