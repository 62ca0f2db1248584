// The shop's cart as a sheet: on a phone, folded at the foot of the screen to one line (count and
// total) and unfolded, with or without JavaScript, to its lines; on wider screens always open.
import { useEffect, useRef, type ReactNode } from "react";

/** Matches the stylesheet's phone breakpoint, where the sheet folds. */
const WIDE = "(min-width: 801px)";

export function CartSheet({ summary, children }: { summary: ReactNode; children: ReactNode }) {
  const sheet = useRef<HTMLDetailsElement>(null);
  // Served folded, the phone's default; the stylesheet shows the contents on wide screens before
  // this runs (and where it never runs), and this makes the element say so too.
  useEffect(() => {
    if (sheet.current && window.matchMedia(WIDE).matches) sheet.current.open = true;
  }, []);
  return (
    <details className="cart-sheet" ref={sheet}>
      <summary className="cart-sheet-toggle">{summary}</summary>
      <div className="cart-sheet-body">{children}</div>
    </details>
  );
}
