// The way on through the cycle set-up, and a guard that asks before leaving a step whose forms hold
// ticks or text not saved yet (JavaScript only: without it nothing is lost silently but nothing asks).
import { Link, useBeforeUnload, useBlocker } from "@remix-run/react";
import { useCallback, useEffect, useState, type FormEvent } from "react";

export function NextStep({ to, label }: { to: string; label: string }) {
  return (
    <div className="step-next">
      <Link className="button button-secondary" to={to}>
        {label} <span aria-hidden="true">→</span>
      </Link>
    </div>
  );
}

/**
 * Marks the step dirty when a field of a post form changes (search boxes are get forms), clean when a
 * form is submitted; while dirty, leaving for another page asks `message` first.
 */
export function useUnsavedChangesGuard(message: string) {
  const [dirty, setDirty] = useState(false);
  const onChange = useCallback((event: FormEvent<HTMLElement>) => {
    const form = (event.target as HTMLElement).closest("form");
    if (form && form.method.toLowerCase() === "post") setDirty(true);
  }, []);
  const onSubmit = useCallback(() => setDirty(false), []);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(message)) {
      setDirty(false);
      blocker.proceed();
    } else blocker.reset();
  }, [blocker, message]);
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!dirty) return;
        event.preventDefault();
        event.returnValue = message;
      },
      [dirty, message],
    ),
  );
  return { onChange, onSubmit };
}
