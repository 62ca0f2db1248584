// Who manages an enterprise: the managers (owner marked), adding one by email (an invitation for
// someone without an account), removing one, and invitations still waiting. Its managers only.
import { CardHeader } from "#app/ui/card";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { useT } from "#app/i18n/use-t";
import { numberLocale } from "#app/i18n/format";
import { requireUserPage } from "#app/auth/actor.server";
import { DomainError } from "#app/domain/errors";
import { addManager, cancelInvitation, removeManager } from "#app/domain/enterprises/managers.server";
import { getEnterpriseToAdminister } from "#app/domain/enterprises/queries.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, TextField, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "managers", [data?.enterprise.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const enterprise = await getEnterpriseToAdminister(caller.actor, params.enterpriseId!).catch(pageError);
  return { enterprise, me: caller.user.id };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form);
  const intent = fields.intent;
  const enterpriseId = params.enterpriseId!;
  return handleForm({ request, locale, form }, async () => {
    switch (intent) {
      case "add": {
        const added = await addManager(caller.actor, enterpriseId, { email: fields.email });
        return { ok: true as const, intent, status: added.status, email: added.email };
      }
      case "remove": {
        await removeManager(caller.actor, enterpriseId, String(fields.userId ?? ""));
        return { ok: true as const, intent, person: String(fields.name ?? "") };
      }
      case "cancelInvitation": {
        await cancelInvitation(caller.actor, enterpriseId, String(fields.invitationId ?? ""));
        return { ok: true as const, intent, email: String(fields.email ?? "") };
      }
      default:
        throw new DomainError("malformed");
    }
  });
}

type Result = (FormResult & { status?: "added" | "alreadyManager" | "invited"; email?: string; person?: string }) | undefined;

export default function EnterpriseManagers() {
  const { t, i18n } = useT("enterprises");
  const { enterprise, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const addForm = useRef<HTMLFormElement>(null);
  const managers = enterprise.managers ?? [];
  const invitations = enterprise.invitations ?? [];
  const onlyOne = managers.length <= 1;
  const added = result?.ok && result.intent === "add" ? result : undefined;
  const failedAdd = result?.ok === false && result.intent === "add" ? result : undefined;
  const failedOther = result?.ok === false && result.intent !== "add" ? result : undefined;
  const dateFormat = new Intl.DateTimeFormat(numberLocale(i18n.language), { day: "numeric", month: "long", year: "numeric" });

  useEffect(() => {
    if (added) addForm.current?.reset();
  }, [added]);

  return (
    <>
      <div className="settings-column">
        <div role="status" aria-live="polite">
          {added ? <p className="alert alert-success">{t(`managers.${added.status ?? "added"}`, { email: added.email })}</p> : null}
          {result?.ok && result.intent === "remove" ? <p className="alert alert-success">{t("managers.removed", { person: result.person })}</p> : null}
          {result?.ok && result.intent === "cancelInvitation" ? (
            <p className="alert alert-success">{t("managers.invitationCancelled", { email: result.email })}</p>
          ) : null}
        </div>
        <ErrorSummary result={failedOther} spellOut />

        <section className="card" aria-labelledby="managers-title">
          <CardHeader id="managers-title" title={t("managers.title")} lead={t("managers.lead", { name: enterprise.name })} />
          <div className="table-wrap table-wrap-open">
            <table className="managers-table">
              <caption className="visually-hidden">{t("managers.tableCaption", { name: enterprise.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("managers.name")}</th>
                  <th scope="col">{t("managers.email")}</th>
                  <th scope="col">{t("managers.role")}</th>
                  <th scope="col" className="actions-col">
                    <span className="visually-hidden">{t("managers.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {managers.map((manager) => (
                  <tr key={manager.userId}>
                    <th scope="row" className="person-cell">
                      {manager.name}
                      {manager.userId === me ? <span className="muted"> ({t("managers.you")})</span> : null}
                    </th>
                    <td className="email-cell">{manager.email}</td>
                    <td>
                      {manager.isOwner ? (
                        <span className="badge badge-owner">{t("managers.owner")}</span>
                      ) : (
                        <span className="muted">{t("managers.manager")}</span>
                      )}
                    </td>
                    <td className="actions-col">
                      {manager.isOwner || onlyOne ? null : (
                        <ConfirmedRemoval
                          popover
                          label={t("managers.remove")}
                          confirm={
                            manager.userId === me
                              ? t("managers.removeYourselfConfirm", { enterprise: enterprise.name })
                              : t("managers.removeConfirm", { person: manager.name, enterprise: enterprise.name })
                          }
                          fields={{ intent: "remove", userId: manager.userId, name: manager.name }}
                          disabled={busy}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint managers-note">{t("managers.ownerNote")}</p>
        </section>

        {invitations.length > 0 ? (
          <section className="card" aria-labelledby="pending-title">
            <h2 id="pending-title">{t("managers.pendingTitle")}</h2>
            <div className="table-wrap table-wrap-open">
              <table className="invitations-table">
                <caption className="visually-hidden">{t("managers.pendingCaption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("managers.email")}</th>
                    <th scope="col">{t("managers.invitedOn")}</th>
                    <th scope="col" className="actions-col">
                      <span className="visually-hidden">{t("managers.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {invitations.map((invitation) => (
                    <tr key={invitation.id}>
                      <th scope="row" className="email-cell">
                        {invitation.email}
                      </th>
                      <td className="nowrap invited-on">{dateFormat.format(new Date(invitation.invitedAt))}</td>
                      <td className="actions-col">
                        <ConfirmedRemoval
                          popover
                          label={t("managers.cancelInvitation")}
                          confirm={t("managers.cancelConfirm", { email: invitation.email })}
                          fields={{ intent: "cancelInvitation", invitationId: invitation.id, email: invitation.email }}
                          disabled={busy}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}

        <section className="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("managers.inviteTitle")}</h2>
          <Form method="post" className="form" noValidate ref={addForm}>
            <input type="hidden" name="intent" value="add" />
            <ErrorSummary result={failedAdd} />
            <div className="add-bar">
              <TextField
                label={t("managers.inviteEmail")}
                hint={t("managers.inviteHint")}
                name="email"
                type="email"
                inputMode="email"
                autoComplete="off"
                defaultValue={keep(failedAdd, "email")}
                error={failedAdd?.fieldErrors?.email}
                required
                maxLength={254}
              />
            </div>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t("managers.invite")}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  );
}
