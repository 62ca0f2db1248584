// Turns a zod schema's verdict on a command's input into field errors keyed for translation:
// every command validates what it is given, whichever edge (form, API, script) it came from.
import type { z } from "zod";
import { DomainError, type FieldErrors } from "#app/domain/errors";

function issueToFieldError(issue: z.core.$ZodIssue): FieldErrors[string] {
  // A schema may name its own key with { error: "fields.something" }.
  // A custom issue may carry the values its message needs in `params`.
  if (issue.message?.startsWith("fields.")) {
    const values = issue.code === "custom" ? (issue.params as FieldErrors[string]["values"]) : undefined;
    return values ? { key: issue.message.slice("fields.".length), values } : { key: issue.message.slice("fields.".length) };
  }
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) <= 1) return { key: "required" };
      if (issue.origin === "string") return { key: "tooShort", values: { min: Number(issue.minimum) } };
      if (issue.origin === "array") return { key: "chooseAtLeast", values: { min: Number(issue.minimum) } };
      return { key: "tooSmall", values: { min: Number(issue.minimum) } };
    case "too_big":
      if (issue.origin === "string") return { key: "tooLong", values: { max: Number(issue.maximum) } };
      if (issue.origin === "array") return { key: "tooMany", values: { max: Number(issue.maximum) } };
      return { key: "tooBig", values: { max: Number(issue.maximum) } };
    case "invalid_format":
      return { key: issue.format === "email" ? "invalidEmail" : "invalidFormat" };
    case "invalid_value":
      return { key: "invalidChoice" };
    case "invalid_type":
      return { key: issue.input === undefined || issue.input === null ? "required" : "invalidType" };
    case "unrecognized_keys":
      return { key: "unknownField" };
    default:
      return { key: "invalid" };
  }
}

function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.map(String).join(".") : "_";
    fields[name] ??= issueToFieldError(issue);
  }
  return fields;
}

/** Validates input or throws a validation_failed DomainError with every field's reason. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // reportInput keeps each issue's input, so a value of the wrong type ("abc" for a number) reads
  // as invalidType rather than required: without it zod 4 leaves `input` unset on every issue.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new DomainError("validation_failed", fieldErrorsFrom(result.error));
  return result.data;
}
