// The import / export page of products or customers: download the CSV; upload (or paste) a file, see
// what it would change or which rows are wrong, then apply exactly the checked content.
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EnterprisePageHeader } from "#app/ui/enterprise";
import { ErrorSummary, TextAreaField, keep, type FormResult } from "#app/ui/form";
import { useT } from "#app/i18n/use-t";
import type { importPageAction, importPageLoader } from "#app/http/import-page.server";

type Loaded = Awaited<ReturnType<typeof importPageLoader>>;
type Done = Extract<Awaited<ReturnType<typeof importPageAction>>, { ok: true }>;

/** Errors shown on the page at most: a file wrong throughout says so in its first rows. */
const SHOWN_ERRORS = 200;

export function ImportPage() {
  const { t } = useT("catalogue");
  const data = useLoaderData<Loaded>();
  const actionData = useActionData<Done | FormResult>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const done = actionData && actionData.ok === true && "result" in actionData ? (actionData as Done) : undefined;
  const failure = actionData && actionData.ok === false ? (actionData as FormResult) : undefined;
  const result = done?.result;
  const { subject, enterprise } = data;
  const back = `/admin/enterprises/${enterprise.id}/${subject}`;
  const checkedOk = done && done.intent === "check" && result && result.errors.length === 0;
  const changes = result ? result.created + result.updated : 0;
  // After a check with errors the pasted text stays, to be fixed where it is; after an applied import the box is empty again.
  const pasted = done ? (done.intent === "check" && result && result.errors.length > 0 ? done.content : "") : keep(failure, "content");

  return (
    <>
      <EnterprisePageHeader
        enterpriseName={enterprise.name}
        back={<Link to={back}>{t(`imports.back.${subject}`)}</Link>}
        title={t(`imports.title.${subject}`)}
        lead={t(`imports.lead.${subject}`)}
      />

      {done && done.intent === "apply" && result && result.errors.length === 0 ? (
        <div className="alert alert-success" role="status">
          {t("imports.applied", { created: result.created, updated: result.updated, unchanged: result.unchanged })}
        </div>
      ) : null}
      <ErrorSummary result={failure} />

      {result && result.errors.length > 0 ? (
        <section className="card import-problems" aria-labelledby="import-problems-title">
          <h2 id="import-problems-title">{t("imports.problemsTitle")}</h2>
          <p className="muted">{t("imports.problemsLead", { count: result.errors.length })}</p>
          <div className="table-wrap">
            <table className="import-table">
              <thead>
                <tr>
                  <th scope="col" className="num import-row">
                    {t("imports.row")}
                  </th>
                  <th scope="col">{t("imports.column")}</th>
                  <th scope="col">{t("imports.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.slice(0, SHOWN_ERRORS).map((error, index) => (
                  <tr key={index}>
                    <td className="num">{error.row === 0 ? t("imports.header") : error.row}</td>
                    <td>{error.column ? <code>{error.column}</code> : t("imports.wholeRow")}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.errors.length > SHOWN_ERRORS ? <p className="muted">{t("imports.moreProblems", { count: result.errors.length - SHOWN_ERRORS })}</p> : null}
        </section>
      ) : null}

      {checkedOk && result ? (
        <section className="card" aria-labelledby="import-preview-title">
          <h2 id="import-preview-title">{t("imports.previewTitle")}</h2>
          <p>
            {changes > 0
              ? t("imports.counts", { created: result.created, updated: result.updated, unchanged: result.unchanged })
              : t("imports.nothingToChange")}
          </p>
          {result.sample.length > 0 ? (
            <div className="table-wrap">
              <table className="import-table">
                <caption className="visually-hidden">{t("imports.sampleTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num import-row">
                      {t("imports.row")}
                    </th>
                    <th scope="col">{t("imports.sampleTitle")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.sample.map((change) => (
                    <tr key={change.row}>
                      <td className="num">{change.row}</td>
                      <td>
                        <span className={`badge ${change.action === "create" ? "badge-success" : ""}`}>{t(`imports.${change.action}`)}</span> {change.label}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {changes > 0 ? (
            <Form method="post" encType="multipart/form-data" className="form-actions import-apply">
              <input type="hidden" name="content" value={done.content} />
              <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
                {t("imports.apply")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card form" aria-labelledby="import-title">
        <h2 id="import-title">{t("imports.importTitle")}</h2>
        <p className="muted">{t("imports.columns", { columns: data.columns.join(", "), required: data.required.join(", ") })}</p>
        <Form key={done?.checkedAt ?? "first"} method="post" encType="multipart/form-data" className="stack">
          <div className="field">
            <label htmlFor="import-file">{t("imports.file")}</label>
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".csv,text/csv,text/plain"
              aria-describedby="import-file-hint"
              aria-invalid={failure?.fieldErrors?.file ? true : undefined}
            />
            <div id="import-file-hint" className="hint">
              {t("imports.fileHint", { max: data.maxMegabytes })}
            </div>
            {failure?.fieldErrors?.file ? <div className="field-error">{failure.fieldErrors.file}</div> : null}
          </div>
          <TextAreaField label={t("imports.paste")} name="content" rows={6} defaultValue={pasted} spellCheck={false} className="import-paste" />
          <div className="form-actions">
            <button type="submit" name="intent" value="check" className="button button-secondary" disabled={busy}>
              {t("imports.check")}
            </button>
            <span className="muted">{t("imports.checkHint")}</span>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">{t("imports.exportTitle")}</h2>
        <p className="muted">{t("imports.exportLead")}</p>
        <a className="button button-secondary" href={data.downloadUrl} download>
          {t("imports.download")}
        </a>
      </section>
    </>
  );
}
