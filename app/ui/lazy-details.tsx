// A disclosure whose body is rendered only once it is open: a cycle with 200 suppliers sends 200
// summaries, not 4,000 checkbox rows, and the rows of a supplier appear when it is opened.
import { useEffect, useState, type ReactNode } from "react";

export function LazyDetails({ initiallyOpen, className, summary, children }: { initiallyOpen: boolean; className?: string; summary: ReactNode; children: () => ReactNode }) {
  const [open, setOpen] = useState(initiallyOpen);
  useEffect(() => {
    if (initiallyOpen) setOpen(true);
  }, [initiallyOpen]);
  return (
    <details className={className} open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? children() : null}
    </details>
  );
}
