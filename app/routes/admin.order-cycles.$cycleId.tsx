// The cycle editor frame: name, state and dates always visible, and the steps as tabs.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { cycleEditorData, withoutSetUpLists, withoutVariantLists } from "#app/domain/order-cycles/editor.server";
import { pageError } from "#app/http/pages.server";
import { CycleStateBadge } from "#app/ui/badges";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant } from "#app/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "orderCycle", [data?.editor.cycle.name]) }];

/** The steps that show variants; the others get the editor without its variant lists. */
const STEP_WITH_VARIANTS = /\/(incoming|outgoing)\/?$/;
/** The steps of a running cycle (its orders, one order, reports, notifications) use no fees, methods or candidates either. */
const RUNNING_STEP = /\/order-cycles\/[^/]+\/(orders|reports|notifications|invoices)(\/|$)/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const { pathname } = new URL(request.url);
  const withVariants = STEP_WITH_VARIANTS.test(pathname);
  const running = RUNNING_STEP.test(pathname);
  const editor = await cycleEditorData(caller.actor, params.cycleId!, new Date(), { variants: withVariants, setUp: !running }).catch(pageError);
  if (withVariants) return { editor };
  return { editor: running ? withoutSetUpLists(withoutVariantLists(editor)) : withoutVariantLists(editor) };
}

/**
 * Moving between a step with variants and one without loads the frame again, with or without them;
 * so does leaving a running cycle's step for a setting-up one, which needs the lists it was drawn without.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate ||
  STEP_WITH_VARIANTS.test(currentUrl.pathname) !== STEP_WITH_VARIANTS.test(nextUrl.pathname) ||
  (RUNNING_STEP.test(currentUrl.pathname) && !RUNNING_STEP.test(nextUrl.pathname));

export type CycleEditorLoader = typeof loader;

/** The editor data for child steps. */
export function useCycleEditor() {
  return useRouteLoaderData<typeof loader>("routes/admin.order-cycles.$cycleId")!.editor;
}

export default function CycleEditorLayout() {
  const { t, i18n } = useT("cycles");
  const { editor } = useLoaderData<typeof loader>();
  const { cycle, coordinatorTimeZone } = editor;
  const copiedFrom = editor.history.find((entry) => entry.action === "cloned_from")?.details as { name?: string; leftOut?: { names?: string[] } } | undefined;
  const leftOut = cycle.state === "undated" ? (copiedFrom?.leftOut?.names ?? []) : [];
  const withdrawn = [
    ...cycle.incoming.filter((exchange) => exchange.permissionWithdrawn).map((exchange) => exchange.supplier.name),
    ...cycle.outgoing.filter((exchange) => exchange.permissionWithdrawn).map((exchange) => exchange.distributor.name),
  ];
  const base = `/admin/order-cycles/${cycle.id}`;
  const when = (value: string | null) => (value ? formatInstant(value, coordinatorTimeZone, i18n.language) : t("notDated"));
  const canCheckout = cycle.roles.coordinator || cycle.roles.distributorIds.length > 0;
  // Setting up is five steps in order; what follows is for running the cycle, set apart.
  const setUp = [
    { to: base, label: t("steps.general"), end: true },
    { to: `${base}/incoming`, label: t("steps.incoming") },
    { to: `${base}/outgoing`, label: t("steps.outgoing") },
    ...(canCheckout ? [{ to: `${base}/checkout`, label: t("steps.checkout") }] : []),
    { to: `${base}/minimums`, label: t("steps.minimums") },
  ];
  const running = [
    ...(canCheckout ? [{ to: `${base}/orders`, label: t("steps.orders") }] : []),
    ...(canCheckout ? [{ to: `${base}/pickup`, label: t("steps.pickup") }] : []),
    { to: `${base}/reports`, label: t("reports:step") },
    ...(cycle.roles.coordinator ? [{ to: `${base}/notifications`, label: t("notifications:step") }] : []),
    ...(cycle.roles.coordinator ? [{ to: `${base}/history`, label: t("steps.history") }] : []),
  ];
  return (
    <>
      <div className="page-header cycle-header">
        <div>
          <p className="muted">
            <Link to="/admin/order-cycles">{t("title")}</Link> · {cycle.coordinator.name}
          </p>
          <h1>
            {cycle.name} <CycleStateBadge state={cycle.state} />
          </h1>
          <p className="muted">
            {t("common:format.labelValue", { label: t("columns.opens"), value: when(cycle.opensAt) })} ·{" "}
            {t("common:format.labelValue", { label: t("columns.closes"), value: when(cycle.closesAt) })}
          </p>
        </div>
      </div>
      {cycle.state === "undated" && cycle.roles.coordinator ? (
        <div className="alert alert-warning" role="status">
          {t("general.undated")}
        </div>
      ) : null}
      {!editor.coordinatorHasMethods ? (
        <div className="alert alert-warning" role="status">
          {t("general.missingMethods")}
        </div>
      ) : null}
      {cycle.state !== "closed" && cycle.roles.coordinator && cycle.outgoing.length === 0 ? (
        <div className="alert alert-warning" role="status">
          {t("general.noDistributors")}
        </div>
      ) : null}
      {cycle.state !== "closed" && editor.distributorsWithoutCheckout.length ? (
        <div className="alert alert-warning" role="status">
          {t("general.noCheckout", { names: editor.distributorsWithoutCheckout.join(", "), count: editor.distributorsWithoutCheckout.length })}
        </div>
      ) : null}
      {leftOut.length ? (
        <div className="alert alert-warning" role="status">
          {t("general.copyLeftOut", { name: copiedFrom?.name ?? "", names: leftOut.join(", ") })}
        </div>
      ) : null}
      {withdrawn.length && cycle.state !== "closed" ? (
        <div className="alert alert-warning" role="status">
          {t("general.permissionWithdrawn", { names: withdrawn.join(", "), count: withdrawn.length })}
        </div>
      ) : null}
      <nav className="stepper" aria-label={t("stepsLabel")}>
        <ol className="stepper-setup" aria-label={t("stepsSetUp")}>
          {setUp.map((step, index) => (
            <li key={step.to}>
              <NavLink to={step.to} end={step.end} prefetch="intent">
                <span className="step-number" aria-hidden="true">
                  {index + 1}
                </span>{" "}
                {step.label}
              </NavLink>
            </li>
          ))}
        </ol>
        <ul className="stepper-running" aria-label={t("stepsRunning")}>
          {running.map((step) => (
            <li key={step.to}>
              <NavLink to={step.to} prefetch="intent">
                {step.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
