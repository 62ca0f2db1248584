// Copies a text (a share link, a new API token) to the clipboard, and says so; drawn only once the
// browser is known to offer a clipboard, since without JavaScript the field beside it is selectable.
import { useEffect, useState } from "react";

export function CopyButton({ text, label, copiedLabel }: { text: string; label: string; copiedLabel: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  useEffect(() => setCopied(false), [text]);
  if (!canCopy) return null;
  return (
    <button
      type="button"
      className="button button-secondary button-small"
      onClick={() =>
        void navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? copiedLabel : label}
    </button>
  );
}
