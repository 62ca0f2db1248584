// Dev mailbox: every queued email, newest first, while mail goes to files (or outside production).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { decodeOutboxCursor, encodeOutboxCursor, listOutboxEmails } from "#app/mail/outbox.server";
import { isDevMailAvailable, mailDirectory, mailGoesToFiles } from "#app/mail/transport.server";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant } from "#app/i18n/format";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "mail") }];

const statusBadge: Record<string, string> = { queued: "badge-upcoming", sent: "badge-open", failed: "badge-failed" };

export async function loader({ request }: LoaderFunctionArgs) {
  if (!isDevMailAvailable()) throw new Response("Not found", { status: 404 });
  const before = decodeOutboxCursor(new URL(request.url).searchParams.get("before"));
  const { rows, next } = await listOutboxEmails({ before, limit: 50 });
  return {
    messages: rows.map((row) => ({
      id: row.id,
      subject: row.subject,
      to: row.toAddress,
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.createdAt.toISOString(),
    })),
    next: next ? encodeOutboxCursor(next) : null,
    isFirstPage: !before,
    directory: mailGoesToFiles() ? mailDirectory() : null,
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

export default function DevMail() {
  const { t, i18n } = useT("emails");
  const { messages, next, isFirstPage, directory, zone } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page page-medium dev-mail">
      <div className="page-header">
        <div>
          <h1>{t("devMail.title")}</h1>
          <p className="muted">{directory ? t("devMail.toFiles", { directory }) : t("devMail.viaSmtp")}</p>
        </div>
      </div>
      {messages.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>{t("devMail.empty")}</strong>
          </p>
          <p>{t("devMail.emptyHint")}</p>
        </div>
      ) : (
        <ul className="mail-list" aria-label={t("devMail.title")}>
          {messages.map((message) => (
            <li key={message.id}>
              <Link to={`/dev/mail/${message.id}`} className="mail-item">
                <span className="mail-subject">{message.subject}</span>
                <span className="mail-meta muted">
                  {message.to} · {message.kind}
                </span>
                <span className="mail-state">
                  <span className={`badge ${statusBadge[message.status] ?? "badge-neutral"}`}>{t(`devMail.status.${message.status}`)}</span>
                  <time dateTime={message.createdAt} className="muted">
                    {formatInstant(message.createdAt, zone, i18n.language, { withYear: false, compact: true })}
                  </time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {next || !isFirstPage ? (
        <div className="row list-footer">
          {!isFirstPage ? (
            <Link to="/dev/mail" className="button button-quiet button-small">
              {t("devMail.newest")}
            </Link>
          ) : null}
          {next ? (
            <Link to={`/dev/mail?before=${encodeURIComponent(next)}`} className="button button-secondary button-small">
              {t("devMail.older")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </main>
  );
}
