// The head of a card section: its title (the section is labelled by it), a lead, and an action beside them.
import type { ReactNode } from "react";

export function CardHeader({ id, title, lead, children }: { id: string; title: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  return (
    <div className="card-header">
      <div>
        <h2 id={id}>{title}</h2>
        {lead ? <p className="muted">{lead}</p> : null}
      </div>
      {children}
    </div>
  );
}
