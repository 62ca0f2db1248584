// The order-cycle list: every cycle the manager's enterprises take part in, with quick edits for coordinators.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { coordinatorsForActor, listCyclesForActor, viewerTimeZone } from "#app/domain/order-cycles/queries.server";
import { toLocalInput } from "#app/domain/time";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { CycleStateBadge } from "#app/ui/badges";
import { ErrorSummary, TextField, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant } from "#app/i18n/format";
import { thresholdsOfCycles } from "#app/domain/thresholds/queries.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "orderCycles") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const closedDays = Math.min(Math.max(Number(new URL(request.url).searchParams.get("closedDays") ?? 30) || 30, 30), 3650);
  const [{ items: cycles }, zone, coordinators] = await Promise.all([
    listCyclesForActor(caller.actor, { includeClosedDays: closedDays }),
    viewerTimeZone(caller.actor),
    coordinatorsForActor(caller.actor),
  ]);
  // Each cycle's minimums in one query for the whole list: how many are reached, for a compact indicator.
  const thresholds = await thresholdsOfCycles(cycles.map((cycle) => cycle.id));
  const minimums: Record<string, { count: number; reached: number; percent: number }> = {};
  for (const threshold of thresholds) {
    const entry = (minimums[threshold.orderCycleId] ??= { count: 0, reached: 0, percent: 100 });
    entry.count += 1;
    if (threshold.reached) entry.reached += 1;
    entry.percent = Math.min(entry.percent, threshold.percent);
  }
  return { cycles, zone, closedDays, canCreate: coordinators.length > 0, minimums };
}

export async function action({ request }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const cycleId = String(form.get("cycleId") ?? "");
    await updateOrderCycle(caller.actor, cycleId, {
      name: String(form.get("name") ?? ""),
      opensAt: String(form.get("opensAt") ?? ""),
      closesAt: String(form.get("closesAt") ?? ""),
      confirmDateChange: form.get("confirmDateChange") === "on",
    });
    return { ok: true as const, cycleId };
  });
}

export default function OrderCycleList() {
  const { t, i18n } = useT("cycles");
  const { cycles, zone, closedDays, canCreate, minimums } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult & { cycleId?: string };
  const navigation = useNavigation();
  const when = (value: string | null, cycleZone: string) =>
    value ? formatInstant(value, cycleZone, i18n.language, { withYear: false, compact: true }) : t("notDated");

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t("title")}</h1>
          <p className="muted">{t("lead")}</p>
        </div>
        {canCreate ? (
          <Link to="/admin/order-cycles/new" className="button">
            {t("new")}
          </Link>
        ) : null}
      </div>
      <ErrorSummary result={result} />
      {cycles.length === 0 ? (
        <div className="card empty">
          <p>
            <strong>{t("empty")}</strong>
          </p>
          {canCreate ? <p>{t("emptyHint")}</p> : null}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="cycle-table">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.state")}</th>
                <th scope="col">{t("columns.name")}</th>
                <th scope="col">{t("columns.coordinator")}</th>
                <th scope="col">{t("columns.opens")}</th>
                <th scope="col">{t("columns.closes")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("columns.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((cycle) => {
                // Instants are shown in the coordinator's zone (docs/domain.md 2), named when it is not the reader's.
                const shownZone = cycle.coordinator.timeZone;
                const zoneNote = shownZone !== zone ? <span className="muted small"> {shownZone}</span> : null;
                const failed = result?.ok === false && result.values?.cycleId === cycle.id;
                return (
                  <tr key={cycle.id}>
                    <td>
                      <CycleStateBadge state={cycle.state} />
                    </td>
                    <td>
                      <Link to={`/admin/order-cycles/${cycle.id}`}>
                        <strong>{cycle.name}</strong>
                      </Link>
                      {cycle.seriesIndex !== null ? <span className="badge badge-series">{t("repeat.series", { number: cycle.seriesIndex + 1 })}</span> : null}
                      {minimums[cycle.id] ? (
                        <Link to={`/admin/order-cycles/${cycle.id}/minimums`} className="minimums-indicator small">
                          <span className={`minimums-meter${minimums[cycle.id].reached === minimums[cycle.id].count ? " is-reached" : ""}`} aria-hidden="true">
                            <span style={{ width: `${minimums[cycle.id].percent}%` }} />
                          </span>
                          {minimums[cycle.id].reached === minimums[cycle.id].count ? "✓ " : ""}
                          {t("minimums.listReached", { reached: minimums[cycle.id].reached, count: minimums[cycle.id].count })}
                        </Link>
                      ) : null}
                      {cycle.isCoordinator ? (
                        <details className="quick-edit" open={failed}>
                          <summary>{t("quickEdit")}</summary>
                          <Form method="post" className="form quick-edit-form">
                            <input type="hidden" name="cycleId" value={cycle.id} />
                            <TextField
                              label={t("general.name")}
                              name="name"
                              defaultValue={failed ? String(result?.values?.name ?? "") : cycle.name}
                              error={failed ? result?.fieldErrors?.name : undefined}
                              required
                              maxLength={120}
                            />
                            <div className="form-row">
                              <TextField
                                label={t("general.opensAt")}
                                type="datetime-local"
                                name="opensAt"
                                defaultValue={
                                  failed
                                    ? String(result?.values?.opensAt ?? "")
                                    : cycle.opensAt
                                      ? toLocalInput(new Date(cycle.opensAt), cycle.coordinator.timeZone)
                                      : ""
                                }
                                error={failed ? result?.fieldErrors?.opensAt : undefined}
                                hint={t("general.zoneHint", { zone: cycle.coordinator.timeZone })}
                              />
                              <TextField
                                label={t("general.closesAt")}
                                type="datetime-local"
                                name="closesAt"
                                defaultValue={
                                  failed
                                    ? String(result?.values?.closesAt ?? "")
                                    : cycle.closesAt
                                      ? toLocalInput(new Date(cycle.closesAt), cycle.coordinator.timeZone)
                                      : ""
                                }
                                error={failed ? result?.fieldErrors?.closesAt : undefined}
                              />
                            </div>
                            {cycle.hasOrders ? (
                              <label className="checkbox">
                                <input type="checkbox" name="confirmDateChange" /> <span>{t("general.confirmDateChange")}</span>
                              </label>
                            ) : null}
                            <div className="form-actions">
                              <button type="submit" className="button button-small" disabled={navigation.state === "submitting"}>
                                {t("saveRow")}
                              </button>
                            </div>
                          </Form>
                        </details>
                      ) : null}
                    </td>
                    <td data-label={t("columns.coordinator")}>{cycle.coordinator.name}</td>
                    <td className="nowrap" data-label={t("columns.opens")}>
                      {when(cycle.opensAt, shownZone)}
                      {cycle.opensAt ? zoneNote : null}
                    </td>
                    <td className="nowrap" data-label={t("columns.closes")}>
                      {when(cycle.closesAt, shownZone)}
                      {cycle.closesAt ? zoneNote : null}
                    </td>
                    <td className="num">
                      <Link to={`/admin/order-cycles/${cycle.id}`} className="button button-small button-secondary">
                        {cycle.isCoordinator ? t("edit") : t("view")}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="row list-footer">
        <span className="muted">{t("showingClosed", { days: closedDays })}</span>
        <Link to={`?closedDays=${closedDays + 30}`} className="button button-quiet button-small">
          {t("showMore30")}
        </Link>
        <Link to={`?closedDays=${closedDays + 90}`} className="button button-quiet button-small">
          {t("showMore90")}
        </Link>
      </div>
    </>
  );
}
