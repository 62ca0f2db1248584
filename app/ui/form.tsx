// Form building blocks: labels above fields, hints under them, errors next to the field and summarised on top.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { Form } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { CardHeader } from "./card";

export type FormResult =
  | {
      ok?: boolean;
      intent?: string;
      formError?: string;
      fieldErrors?: Record<string, string>;
      fieldErrorKeys?: Record<string, string>;
      values?: Record<string, unknown>;
    }
  | undefined;

type FieldShell = { label: ReactNode; hint?: ReactNode; error?: string; name: string };

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldFrame({ id, label, hint, error, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, name, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} name={name}>
      <input id={id} name={name} type="text" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField({ label, hint, error, name, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} name={name}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  name,
  options,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} name={name}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ label, hint, error, name, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <div className="checkbox">
        <input id={id} name={name} type="checkbox" aria-describedby={describedBy(id, hint, error)} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** The summary at the top of a form after a refused submission. */
export function ErrorSummary({ result, spellOut = false }: { result: FormResult; spellOut?: boolean }) {
  const { t } = useT("errors");
  if (!result || result.ok !== false) return null;
  const messages = Object.values(result.fieldErrors ?? {});
  return (
    <div className="alert alert-error" role="alert" aria-live="assertive">
      <strong>{result.formError}</strong>
      {spellOut ? messages.map((message) => <div key={message}>{message}</div>) : messages.length > 0 ? <div>{t("summary")}</div> : null}
    </div>
  );
}

/** The boxes of a checkbox group to show ticked: those the user ticked before an error, else the stored ones. */
export function keptChoices(result: FormResult, name: string, fallback: readonly string[] = []): string[] {
  if (result?.ok !== false) return [...fallback];
  const sent = result.values?.[name];
  return typeof sent === "string" ? [sent] : Array.isArray(sent) ? sent.map(String) : [];
}

/** The value to show in a field: what the user typed before an error, else the stored value. */
export function keep(result: FormResult, name: string, fallback: string | number | null | undefined = ""): string {
  const typed = result?.ok === false ? result.values?.[name] : undefined;
  if (typeof typed === "string") return typed;
  return fallback === null || fallback === undefined ? "" : String(fallback);
}

/**
 * One of a page's several forms, told apart by its `intent`: a notice once it saved, the summary of
 * its errors when it did not, its fields, and its own save button (busy while it is sent).
 */
export function IntentForm({
  intent,
  saved,
  failed,
  submitLabel,
  busy,
  children,
}: {
  intent: string;
  /** The notice shown after it saved; nothing otherwise. */
  saved?: string;
  failed: FormResult;
  submitLabel: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {saved ? (
        <p className="alert alert-success" role="status">
          {saved}
        </p>
      ) : null}
      <ErrorSummary result={failed} />
      {children}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/**
 * A card of a settings page holding one IntentForm: its heading labels the section, the notice
 * `saved` shows once that intent saved, its errors when it did not.
 */
export function IntentFormCard({
  id,
  title,
  lead,
  intent,
  result,
  saved,
  submitLabel,
  busy,
  children,
}: {
  id: string;
  title: string;
  lead?: string;
  intent: string;
  /** The action's answer to this intent (undefined for another one). */
  result: FormResult;
  saved: string;
  submitLabel: string;
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <CardHeader id={id} title={title} lead={lead} />
      <IntentForm
        intent={intent}
        saved={result?.ok ? saved : undefined}
        failed={result?.ok === false ? result : undefined}
        submitLabel={submitLabel}
        busy={busy}
      >
        {children}
      </IntentForm>
    </section>
  );
}
