// A disclosure whose body is rendered only once it is open: a cycle with 200 suppliers sends 200
// summaries, not 4,000 checkbox rows, and the rows of a supplier appear when it is opened.
// Without JavaScript, opening it shows `fallback` instead: a link to the same page with this one
// rendered open (`openLink`), so the page still works before or without its scripts.
import { useEffect, useState, type ReactNode } from "react";
import { Link } from "@remix-run/react";

export function LazyDetails({
  initiallyOpen,
  className,
  summary,
  children,
  id,
  openHref,
  openLabel,
}: {
  initiallyOpen: boolean;
  className?: string;
  summary: ReactNode;
  children: () => ReactNode;
  /** The element's id, the fragment `openHref` returns to. */
  id?: string;
  /** A page address that renders this disclosure open: what a reader without JavaScript follows. */
  openHref?: string;
  openLabel?: string;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  useEffect(() => {
    if (initiallyOpen) setOpen(true);
  }, [initiallyOpen]);
  return (
    <details id={id} className={className} open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? (
        children()
      ) : openHref ? (
        <Link className="lazy-details-open" to={openHref} preventScrollReset>
          {openLabel}
        </Link>
      ) : null}
    </details>
  );
}

/** `search` with `name` set to `value`, as a relative address ending at `#fragment`. */
export function withParam(search: URLSearchParams, name: string, value: string, fragment: string) {
  const next = new URLSearchParams(search);
  next.set(name, value);
  return `?${next.toString()}#${fragment}`;
}
