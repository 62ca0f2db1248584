// What a pure form reader refused: the field errors of the DomainError it threw (the unit tests of
// app/domain/*/forms.ts compare them with what the form shows next to each field).
import { DomainError } from "#app/domain/errors";

/** The fields of the DomainError `run` throws; any other error as it is; a failure if nothing was refused. */
export function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.fields : error;
  }
  throw new Error("not refused");
}
