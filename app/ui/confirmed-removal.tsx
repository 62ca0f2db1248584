// A removal behind one more click: the button opens a short confirmation with the real one.
import { Form } from "@remix-run/react";

export function ConfirmedRemoval({ label, confirm, fields }: { label: string; confirm: string; fields: Record<string, string> }) {
  return (
    <details className="danger-details">
      <summary className="button button-quiet button-small">{label}</summary>
      <Form method="post" className="alert alert-error">
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p>{confirm}</p>
        <button type="submit" className="button button-danger button-small">
          {label}
        </button>
      </Form>
    </details>
  );
}
