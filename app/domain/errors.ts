// The typed failures a domain command can answer with; app/http maps them to HTTP and to messages.

export type DomainErrorCode =
  | "malformed"
  | "validation_failed"
  | "unauthenticated"
  | "invalid_credentials"
  | "forbidden"
  | "not_found"
  | "email_taken"
  | "already_exists"
  | "has_orders"
  | "order_cycle_closed"
  | "out_of_stock"
  /** A capped cycle or pickup point has no place left (docs/domain.md 12). */
  | "capacity_reached"
  /** More units of a variant than its per-buyer limit allows (docs/domain.md 12). */
  | "limit_exceeded"
  /** A promo code with no use left (docs/domain.md 13): its counter reached its maximum. */
  | "promo_code_exhausted"
  | "conflict"
  | "total_changed"
  /** A cancelled order on pickup day: nothing to hand over, nothing to mark. */
  | "order_cancelled"
  /** The change is allowed but has consequences the caller must confirm (sent again with the confirmation). */
  | "needs_confirmation"
  /** An invoice needs its seller's legal name and number prefix first (the fields say which). */
  | "invoicing_details_missing"
  /** A cart, or a cancelled order never invoiced, has nothing to invoice. */
  | "order_not_placed"
  /** A body beyond the route's limit (a CSV import of more than 20 MB). */
  | "too_large"
  | "rate_limited"
  | "cross_origin"
  | "unavailable";

/** Field errors are translation keys under `errors:fields.*` (e.g. "required"), with optional values. */
export type FieldError = { key: string; values?: Record<string, string | number> };
export type FieldErrors = Record<string, FieldError>;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly fields: FieldErrors = {},
    readonly values: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const forbidden = () => new DomainError("forbidden");

export function invalidField(field: string, key: string, values?: FieldError["values"]) {
  return new DomainError("validation_failed", { [field]: { key, values } });
}
