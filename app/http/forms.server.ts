// Adapters for form actions: domain errors come back as translated messages next to each field.
import { data } from "@remix-run/node";
import { asDomainError, errorMessage, statusFor, translateFieldErrors } from "./errors.server";
import type { Locale } from "#app/i18n/config";
import { assertSameOrigin } from "./security.server";

export type FormFailure = {
  ok: false;
  intent?: string;
  formError: string;
  fieldErrors: Record<string, string>;
  /** The untranslated reason per field, for pages that react to a specific one. */
  fieldErrorKeys: Record<string, string>;
  values: Record<string, unknown>;
};

/**
 * Runs a form's command. A DomainError becomes a FormFailure (status from the code, the user's
 * input echoed back); a thrown Response (redirect) passes through; anything else is a real fault.
 */
export async function handleForm<T>(
  { request, locale, form }: { request: Request; locale: Locale; form: FormData },
  command: () => Promise<T>,
): Promise<T | ReturnType<typeof data<FormFailure>>> {
  try {
    assertSameOrigin(request);
    return await command();
  } catch (error) {
    if (error instanceof Response) throw error;
    const domainError = asDomainError(error);
    if (!domainError) throw error;
    // A name sent several times (a group of checkboxes) comes back as the list of its values.
    const values: Record<string, string | string[]> = {};
    for (const name of new Set(form.keys())) {
      if (name === "password") continue;
      const sent = form.getAll(name).filter((value): value is string => typeof value === "string");
      if (sent.length) values[name] = sent.length > 1 ? sent : sent[0];
    }
    return data<FormFailure>(
      {
        ok: false,
        intent: typeof values.intent === "string" ? values.intent : undefined,
        formError: errorMessage(domainError, locale),
        fieldErrors: translateFieldErrors(domainError.fields, locale),
        fieldErrorKeys: Object.fromEntries(Object.entries(domainError.fields).map(([name, field]) => [name, field.key])),
        values,
      },
      { status: statusFor(domainError.code) },
    );
  }
}
