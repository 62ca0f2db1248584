// A removal behind one more click: the button opens a short confirmation with the real one. In a
// table row or a row of buttons (`popover`) the confirmation floats below its button instead of
// pushing the row open.
import { Form } from "@remix-run/react";

export function ConfirmedRemoval({
  label,
  confirm,
  fields,
  popover = false,
  disabled = false,
}: {
  label: string;
  confirm: string;
  fields: Record<string, string>;
  popover?: boolean;
  disabled?: boolean;
}) {
  return (
    <details className={popover ? "confirm-inline" : "danger-details"}>
      <summary className="button button-quiet button-small">{label}</summary>
      <Form method="post" className={popover ? "alert alert-warning confirm-box" : "alert alert-error"}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p>{confirm}</p>
        <button type="submit" className="button button-danger button-small" disabled={disabled}>
          {label}
        </button>
      </Form>
    </details>
  );
}
