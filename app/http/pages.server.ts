// For page loaders: a domain refusal becomes the page's 404 or 403 (the error boundary says it in
// the reader's language); anything else is a real fault and stays one.
import { DomainError } from "#app/domain/errors";
import { statusFor } from "./errors.server";

export function pageError(error: unknown): never {
  if (error instanceof DomainError && (error.code === "not_found" || error.code === "forbidden")) {
    throw new Response(null, { status: statusFor(error.code) });
  }
  throw error;
}
