// Permissions between enterprises: what we grant others (a row per grantee, saved one at a time,
// revoked with a confirmation) and what others grant us (read only). Its managers only.
import { CardHeader } from "#app/ui/card";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { permissionNames, type PermissionName } from "#app/domain/access/enterprise-rules";
import { DomainError } from "#app/domain/errors";
import { permissionsFromForm } from "#app/domain/enterprises/forms";
import { grantCandidates, grantPermissions, revokePermissions, setPermissions } from "#app/domain/enterprises/permissions.server";
import { getEnterpriseToAdminister } from "#app/domain/enterprises/queries.server";
import { cyclesStillIncluding } from "#app/domain/order-cycles/queries.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { KindBadge } from "#app/ui/enterprise";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "permissions", [data?.enterprise.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const enterprise = await getEnterpriseToAdminister(caller.actor, params.enterpriseId!).catch(pageError);
  const search = new URL(request.url).searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const granted = new Set((enterprise.permissionsGranted ?? []).map((link) => link.enterpriseId));
  const candidates = (await grantCandidates(enterprise.id, search)).filter((candidate) => !granted.has(candidate.id));
  return { enterprise, candidates, search };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form, ["permissions"]);
  const intent = fields.intent;
  const enterpriseId = params.enterpriseId!;
  const input = permissionsFromForm(fields);
  const granteeName = typeof fields.granteeName === "string" ? fields.granteeName : "";
  return handleForm({ request, locale, form }, async () => {
    switch (intent) {
      case "grant":
        await grantPermissions(caller.actor, enterpriseId, input);
        return { ok: true as const, intent, granteeId: input.granteeId, granteeName, stillIncluded: [] as { id: string; name: string }[] };
      case "save":
      case "revoke": {
        if (intent === "save") await setPermissions(caller.actor, enterpriseId, input);
        else await revokePermissions(caller.actor, enterpriseId, input.granteeId);
        const keepsAdding = intent === "save" && input.permissions.includes("add_to_order_cycle");
        // Revoking never rewrites cycles: say which of the grantee's current cycles still include us.
        const stillIncluded = keepsAdding
          ? []
          : (await cyclesStillIncluding([input.granteeId], enterpriseId)).map((cycle) => ({ id: cycle.id, name: cycle.name }));
        return { ok: true as const, intent, granteeId: input.granteeId, granteeName, stillIncluded };
      }
      default:
        throw new DomainError("malformed");
    }
  });
}

type Result = (FormResult & { granteeId?: string; granteeName?: string; stillIncluded?: { id: string; name: string }[] }) | undefined;

function PermissionExplainer({ open }: { open: boolean }) {
  const { t } = useT("enterprises");
  return (
    <details className="card permission-explainer" open={open}>
      <summary>
        <h2>{t("permissions.explainTitle")}</h2>
      </summary>
      <dl>
        {permissionNames.map((name) => (
          <div key={name}>
            <dt>{t(`permissions.names.${name}`)}</dt>
            <dd>{t(`permissions.hints.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export default function EnterprisePermissions() {
  const { t } = useT("enterprises");
  const { enterprise, candidates, search } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const granted = enterprise.permissionsGranted ?? [];
  const received = enterprise.permissionsReceived ?? [];
  const failed = result?.ok === false ? result : undefined;
  const failedGrant = failed?.intent === "grant" ? failed : undefined;
  const failedRow = failed && failed.intent !== "grant" ? failed : undefined;
  const succeeded = result?.ok ? result : undefined;

  const [query, setQuery] = useState(search);
  const [chosen, setChosen] = useState(typeof failedGrant?.values?.granteeId === "string" ? failedGrant.values.granteeId : "");
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const visibleCandidates = useMemo(() => {
    if (!enhanced) return candidates;
    const term = query.trim().toLowerCase();
    return term ? candidates.filter((candidate) => candidate.name.toLowerCase().includes(term) || candidate.id === chosen) : candidates;
  }, [candidates, chosen, enhanced, query]);
  const grantForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (succeeded?.intent === "grant") {
      grantForm.current?.reset();
      setChosen("");
    }
  }, [succeeded]);
  const chosenName = candidates.find((candidate) => candidate.id === chosen)?.name ?? "";

  return (
    <>
      <div role="status" aria-live="polite">
        {succeeded ? (
          <div className="alert alert-success">
            {succeeded.intent === "grant"
              ? t("permissions.granted", { enterprise: succeeded.granteeName })
              : succeeded.intent === "save"
                ? t("permissions.saved", { enterprise: succeeded.granteeName })
                : t("permissions.revoked", { enterprise: succeeded.granteeName })}
            {succeeded.stillIncluded && succeeded.stillIncluded.length > 0 ? (
              <p className="still-included">
                {t("permissions.stillIncluded", { enterprise: succeeded.granteeName, cycles: succeeded.stillIncluded.map((cycle) => cycle.name).join(", ") })}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <ErrorSummary result={failedRow} spellOut />

      <PermissionExplainer open={granted.length === 0 && received.length === 0} />

      <section className="card" aria-labelledby="granted-title">
        <CardHeader id="granted-title" title={t("permissions.grantedTitle")} lead={t("permissions.grantedLead", { name: enterprise.name })} />
        {granted.length === 0 ? (
          <p className="empty permissions-empty">{t("permissions.noneGranted")}</p>
        ) : (
          <div className="table-wrap table-wrap-open">
            <table className="permissions-table">
              <caption className="visually-hidden">{t("permissions.grantedCaption", { name: enterprise.name })}</caption>
              <PermissionsTableHead withActions />
              <tbody>
                {granted.map((link) => {
                  const formId = `grant-row-${link.enterpriseId}`;
                  return (
                    <tr key={link.enterpriseId}>
                      <th scope="row" className="grantee-cell">
                        <span className="grantee-name">{link.enterpriseName}</span> <KindBadge kind={link.kindLabel} />
                      </th>
                      {permissionNames.map((name) => (
                        <td key={name} className="check-col" data-label={t(`permissions.names.${name}`)}>
                          <input
                            type="checkbox"
                            form={formId}
                            name="permissions"
                            value={name}
                            defaultChecked={link.permissions.includes(name as PermissionName)}
                            aria-label={`${t(`permissions.names.${name}`)} — ${link.enterpriseName}`}
                          />
                        </td>
                      ))}
                      <td className="actions-col">
                        <div className="row-actions">
                          <Form method="post" id={formId}>
                            <input type="hidden" name="intent" value="save" />
                            <input type="hidden" name="granteeId" value={link.enterpriseId} />
                            <input type="hidden" name="granteeName" value={link.enterpriseName} />
                            <button type="submit" className="button button-secondary button-small" disabled={busy}>
                              {t("permissions.saveRow")}
                            </button>
                          </Form>
                          <ConfirmedRemoval
                            popover
                            label={t("permissions.revoke")}
                            confirm={t("permissions.revokeConfirm", { grantor: enterprise.name, grantee: link.enterpriseName })}
                            fields={{ intent: "revoke", granteeId: link.enterpriseId, granteeName: link.enterpriseName }}
                            disabled={busy}
                          />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}

        <div className="grant-new">
          <h3>{t("permissions.addTitle")}</h3>
          <Form method="get" className="search-bar enterprise-search" role="search">
            <label htmlFor="grantee-search">{t("permissions.search")}</label>
            <div className="row">
              <input
                id="grantee-search"
                type="search"
                name="q"
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                aria-describedby="grantee-search-hint"
                autoComplete="off"
              />
              <button type="submit" className="button button-secondary">
                {t("permissions.searchButton")}
              </button>
            </div>
            <div id="grantee-search-hint" className="hint">
              {t("permissions.searchHint")}
            </div>
          </Form>
          <Form method="post" className="form" noValidate ref={grantForm}>
            <input type="hidden" name="intent" value="grant" />
            <input type="hidden" name="granteeName" value={chosenName} />
            <ErrorSummary result={failedGrant} />
            <div className="field">
              <label htmlFor="grantee">{t("permissions.chooseEnterprise")}</label>
              <select
                id="grantee"
                name="granteeId"
                value={chosen}
                onChange={(event) => setChosen(event.currentTarget.value)}
                aria-invalid={failedGrant?.fieldErrors?.granteeId ? true : undefined}
                aria-describedby={failedGrant?.fieldErrors?.granteeId ? "grantee-error" : undefined}
              >
                <option value="">{t("permissions.choosePlaceholder")}</option>
                {visibleCandidates.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>{`${candidate.name} · ${t(`kinds.${candidate.kindLabel}`)}`}</option>
                ))}
              </select>
              {visibleCandidates.length === 0 && query ? <div className="hint">{t("permissions.noMatch", { query })}</div> : null}
              {failedGrant?.fieldErrors?.granteeId ? (
                <div id="grantee-error" className="field-error">
                  {failedGrant.fieldErrors.granteeId}
                </div>
              ) : null}
            </div>
            <fieldset className="grant-fieldset">
              <legend>{t("permissions.permissionsLegend")}</legend>
              <div className="permission-choices">
                {permissionNames.map((name) => (
                  <label key={name} className="choice">
                    <input type="checkbox" name="permissions" value={name} />
                    <span>
                      <strong>{t(`permissions.names.${name}`)}</strong>
                      <span className="choice-detail muted">{t(`permissions.hints.${name}`)}</span>
                    </span>
                  </label>
                ))}
              </div>
              {failedGrant?.fieldErrors?.permissions ? <div className="field-error">{failedGrant.fieldErrors.permissions}</div> : null}
            </fieldset>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t("permissions.grant")}
              </button>
            </div>
          </Form>
        </div>
      </section>

      <section className="card" aria-labelledby="received-title">
        <CardHeader id="received-title" title={t("permissions.receivedTitle")} lead={t("permissions.receivedLead", { name: enterprise.name })} />
        {received.length === 0 ? (
          <p className="empty permissions-empty">{t("permissions.noneReceived")}</p>
        ) : (
          <div className="table-wrap table-wrap-open">
            <table className="permissions-table">
              <caption className="visually-hidden">{t("permissions.receivedCaption", { name: enterprise.name })}</caption>
              <PermissionsTableHead />
              <tbody>
                {received.map((link) => (
                  <tr key={link.enterpriseId}>
                    <th scope="row" className="grantee-cell">
                      <span className="grantee-name">{link.enterpriseName}</span> <KindBadge kind={link.kindLabel} />
                    </th>
                    {permissionNames.map((name) => (
                      <td key={name} className="check-col" data-label={t(`permissions.names.${name}`)}>
                        {link.permissions.includes(name as PermissionName) ? (
                          <span className="permission-yes">
                            <span aria-hidden="true">✓</span>
                            <span className="visually-hidden"> {t("permissions.yes")}</span>
                          </span>
                        ) : (
                          <span className="permission-no">
                            <span aria-hidden="true">–</span>
                            <span className="visually-hidden">{t("permissions.no")}</span>
                          </span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** The enterprise, then one column per permission (and, for grants, their actions). */
function PermissionsTableHead({ withActions = false }: { withActions?: boolean }) {
  const { t } = useT("enterprises");
  return (
    <thead>
      <tr>
        <th scope="col">{t("permissions.enterprise")}</th>
        {permissionNames.map((name) => (
          <th key={name} scope="col" className="check-col">
            {t(`permissions.names.${name}`)}
          </th>
        ))}
        {withActions ? (
          <th scope="col" className="actions-col">
            <span className="visually-hidden">{t("permissions.actions")}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
