// Dev mailbox, one email (`mail_` keeps it out of the list's layout): as its recipient would get it (HTML in a
// sandboxed frame, the text part, the raw .eml when mail goes to files) and how its delivery went.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { findOutboxEmail } from "#app/mail/outbox.server";
import { isDevMailAvailable, mailFrom, mailGoesToFiles, messageIdFor, readEmlFile } from "#app/mail/transport.server";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant } from "#app/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "mail", [data?.subject]) }];

const statusBadge: Record<string, string> = { queued: "badge-upcoming", sent: "badge-open", failed: "badge-failed" };

export async function loader({ params }: LoaderFunctionArgs) {
  if (!isDevMailAvailable()) throw new Response("Not found", { status: 404 });
  const row = await findOutboxEmail(params.messageId ?? "");
  if (!row) throw new Response("Not found", { status: 404 });
  return {
    id: row.id,
    subject: row.subject,
    to: row.toAddress,
    replyTo: row.replyTo,
    from: mailFrom(),
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    messageId: messageIdFor(row.id),
    html: row.html,
    text: row.text,
    raw: mailGoesToFiles() && row.status === "sent" ? ((await readEmlFile(row.createdAt, row.id)) ?? null) : null,
    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

export default function DevMailMessage() {
  const { t, i18n } = useT("emails");
  const mail = useLoaderData<typeof loader>();
  const when = (value: string) => formatInstant(value, mail.zone, i18n.language, { compact: true });
  return (
    <main id="main" className="page page-medium dev-mail">
      <p className="mail-back">
        <Link to="/dev/mail">← {t("devMail.back")}</Link>
      </p>
      <div className="page-header">
        <h1>{mail.subject}</h1>
      </div>
      <section className="card" aria-labelledby="mail-envelope">
        <h2 id="mail-envelope" className="visually-hidden">
          {t("devMail.envelope")}
        </h2>
        <dl className="facts mail-facts">
          <dt>{t("devMail.from")}</dt>
          <dd>{mail.from}</dd>
          <dt>{t("devMail.to")}</dt>
          <dd>{mail.to}</dd>
          <dt>{t("devMail.replyTo")}</dt>
          <dd>{mail.replyTo ?? <span className="muted">{t("devMail.none")}</span>}</dd>
          <dt>{t("devMail.statusLabel")}</dt>
          <dd className="row">
            <span className={`badge ${statusBadge[mail.status] ?? "badge-neutral"}`}>{t(`devMail.status.${mail.status}`)}</span>
            <span className="muted">{t("devMail.attempts", { count: mail.attempts })}</span>
          </dd>
          <dt>{t("devMail.queuedAt")}</dt>
          <dd>
            <time dateTime={mail.createdAt}>{when(mail.createdAt)}</time>
          </dd>
          {mail.sentAt ? (
            <>
              <dt>{t("devMail.sentAt")}</dt>
              <dd>
                <time dateTime={mail.sentAt}>{when(mail.sentAt)}</time>
              </dd>
            </>
          ) : null}
          {mail.lastError ? (
            <>
              <dt>{t("devMail.lastError")}</dt>
              <dd className="mail-error">{mail.lastError}</dd>
            </>
          ) : null}
          <dt>{t("devMail.kind")}</dt>
          <dd>
            <code>{mail.kind}</code>
          </dd>
          <dt>{t("devMail.messageId")}</dt>
          <dd>
            <code className="mail-code">{mail.messageId}</code>
          </dd>
        </dl>
      </section>
      <section className="mail-part" aria-labelledby="mail-html">
        <h2 id="mail-html">{t("devMail.htmlPart")}</h2>
        <iframe className="mail-frame" sandbox="" srcDoc={mail.html} title={t("devMail.htmlFrame", { subject: mail.subject })} />
      </section>
      <section className="mail-part" aria-labelledby="mail-text">
        <h2 id="mail-text">{t("devMail.textPart")}</h2>
        <pre className="mail-pre">{mail.text}</pre>
      </section>
      {mail.raw ? (
        <details className="mail-part mail-raw">
          <summary>{t("devMail.raw")}</summary>
          <pre className="mail-pre">{mail.raw}</pre>
        </details>
      ) : null}
    </main>
  );
}
