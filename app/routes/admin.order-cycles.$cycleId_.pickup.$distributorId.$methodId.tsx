// The check-in page of one pickup point on pickup day (docs/domain.md 11), made for a phone at the
// counter: the day's counts, a search (a GET form), and per order its items, balance and notes with
// buttons collected / undo / cash received / no-show. Every button is a plain form post carrying a
// key rendered with the page, so a retry on a bad connection counts once; it works without JavaScript.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { checkInPage, newFormKey, type CheckInOrder } from "#app/domain/pickup/check-in.server";
import { actAtCounter } from "#app/domain/pickup/commands.server";
import { checkInFiltersFromSearch, checkInShows, counterIntents } from "#app/domain/pickup/rules";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { formatInstant, formatMoney, formatWeight } from "#app/i18n/format";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { Money } from "#app/ui/money";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "pickup", [data?.point.methodName, data?.point.cycleName]) },
];

type Params = { cycleId: string; distributorId: string; methodId: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const { cycleId, distributorId, methodId } = params as Params;
  const filters = checkInFiltersFromSearch(new URL(request.url).searchParams);
  const page = await checkInPage(caller.actor, cycleId, distributorId, methodId, filters).catch(pageError);
  return { ...page, filters, formKey: newFormKey() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const point = params as Params;
  const field = (name: string) => String(form.get(name) ?? "");
  const shown = checkInFiltersFromSearch(new URL(request.url).searchParams);
  return handleForm({ request, locale, form }, async () => {
    const intent = field("intent");
    const done = await actAtCounter(caller.actor, point, {
      intent,
      orderId: field("orderId"),
      key: field("key"),
      amountCents: field("amountCents") === "" ? Number.NaN : Number(field("amountCents")),
    });
    // Back to the same search, the order in view, the change said.
    const back = new URLSearchParams();
    if (shown.search) back.set("q", shown.search);
    if (shown.show !== "all") back.set("show", shown.show);
    if (shown.page > 1) back.set("page", String(shown.page));
    back.set("done", intent);
    back.set("order", done.number);
    back.set("buyer", done.buyer.slice(0, 100));
    throw redirect(`/admin/order-cycles/${point.cycleId}/pickup/${point.distributorId}/${point.methodId}?${back}#order-${field("orderId")}`);
  });
}

export default function CheckIn() {
  const { t } = useT("cycles");
  const { point, counts, orders, filters, matching, pageSize } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [search] = useSearchParams();
  const base = `/admin/order-cycles/${point.cycleId}/pickup/${point.distributorId}/${point.methodId}`;
  const done = search.get("done");
  const filtered = Boolean(filters.search) || filters.show !== "all";
  const failedOrderId = result?.ok === false ? String(result.values?.orderId ?? "") : "";
  const kept = new URLSearchParams();
  if (filters.search) kept.set("q", filters.search);
  if (filters.show !== "all") kept.set("show", filters.show);
  if (filters.page > 1) kept.set("page", String(filters.page));
  const actionUrl = kept.size ? `${base}?${kept}` : base;
  return (
    <section aria-labelledby="checkin-heading" className="checkin">
      <p className="checkin-back">
        <Link to={`/admin/order-cycles/${point.cycleId}/pickup`}>← {t("pickup.allPoints")}</Link>
      </p>
      <div className="checkin-header">
        <h1 id="checkin-heading">{point.methodName}</h1>
        <p className="muted">
          {[point.distributorName, point.cycleName, point.readyFor ? t("pickup.readyFor", { readyFor: point.readyFor }) : null].filter(Boolean).join(" · ")}
        </p>
        {point.address || point.hours ? (
          <p className="muted small">{[point.address, point.hours ? t("pickup.hours", { hours: point.hours }) : null].filter(Boolean).join(" · ")}</p>
        ) : null}
        <p>
          <Link to={`${base}/sheet`}>{t("pickup.sheet")}</Link>
        </p>
      </div>
      <dl className="checkin-counts" aria-label={t("pickup.dayCounts")}>
        <div>
          <dt>{t("pickup.toCollect")}</dt>
          <dd>{counts.pending}</dd>
        </div>
        <div>
          <dt>{t("pickup.collected")}</dt>
          <dd>{counts.collected}</dd>
        </div>
        <div>
          <dt>{t("pickup.noShow")}</dt>
          <dd>{counts.noShow}</dd>
        </div>
        <div>
          <dt>{t("pickup.stillDue")}</dt>
          <dd>
            <Money cents={counts.dueCents} />
          </dd>
        </div>
      </dl>
      {done && (counterIntents as readonly string[]).includes(done) && !result ? (
        <div className="alert alert-success" role="status">
          {t(`pickup.done.${done}`, { number: search.get("order") ?? "", buyer: search.get("buyer") ?? "" })}
        </div>
      ) : null}
      <ErrorSummary result={result} spellOut />
      <Form method="get" className="card checkin-search" role="search" aria-label={t("pickup.find")}>
        <div className="field">
          <label htmlFor="checkin-q">{t("pickup.search")}</label>
          <input
            id="checkin-q"
            type="search"
            name="q"
            defaultValue={filters.search ?? ""}
            maxLength={100}
            aria-describedby="checkin-q-hint"
            autoComplete="off"
          />
          <div id="checkin-q-hint" className="hint">
            {t("pickup.searchHint")}
          </div>
        </div>
        <div className="field">
          <label htmlFor="checkin-show">{t("pickup.show")}</label>
          <select id="checkin-show" name="show" defaultValue={filters.show}>
            {checkInShows.map((show) => (
              <option key={show} value={show}>
                {t(`pickup.shows.${show}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t("pickup.apply")}
          </button>
          {filtered ? <Link to={base}>{t("pickup.clear")}</Link> : null}
        </div>
      </Form>
      {filtered && orders.length > 0 ? (
        <p className="muted" role="status">
          {t("pickup.matching", { count: matching })}
        </p>
      ) : null}
      {orders.length === 0 ? (
        <div className="card empty">
          {filtered ? (
            <>
              <p>
                <strong>{t("pickup.noMatch")}</strong>
              </p>
              <p className="muted">{t("pickup.noMatchHint")}</p>
            </>
          ) : (
            t("pickup.empty")
          )}
        </div>
      ) : (
        <ol className="checkin-orders">
          {orders.map((order) => (
            <li key={order.id} id={`order-${order.id}`}>
              <CheckInCard order={order} failed={failedOrderId === order.id ? result : undefined} actionUrl={actionUrl} />
            </li>
          ))}
        </ol>
      )}
      <Pager base={base} matching={matching} pageSize={pageSize} />
    </section>
  );
}

function CheckInCard({ order, failed, actionUrl }: { order: CheckInOrder; failed: FormResult; actionUrl: string }) {
  const { t, i18n } = useT("cycles");
  const { point, formKey } = useLoaderData<typeof loader>();
  const buyer = order.buyerName || order.email;
  const headingId = `order-${order.id}-heading`;
  const state = order.state === "cancelled" ? "cancelled" : order.fulfilmentState;
  const when = (instant: string | null) =>
    instant ? formatInstant(instant, point.timeZone, i18n.language, { compact: true, withYear: false, withWeekday: false }) : "";
  const label = (action: string, extra: Record<string, string> = {}) => t(`pickup.actionLabels.${action}`, { buyer, number: order.number, ...extra });

  const due = order.state === "placed" && order.balanceCents > 0;
  const amount = formatMoney(order.balanceCents, i18n.language);
  return (
    <article aria-labelledby={headingId} className={`card checkin-order checkin-${state}`}>
      <div className="checkin-order-head">
        <h2 id={headingId}>{t("pickup.orderTitle", { buyer, number: order.number })}</h2>
        <span className={`badge ${badgeClass[state]}`}>{t(`pickup.states.${state}`)}</span>
      </div>
      {order.phone ? (
        <p className="small">
          <a href={`tel:${order.phone.replace(/[^+\d]/g, "")}`}>{order.phone}</a>
        </p>
      ) : null}
      <ul className="checkin-items" aria-label={t("pickup.items")}>
        {order.lines.map((line) => (
          <li key={`${line.productName}-${line.variantName}`}>
            <span className="checkin-qty">{line.quantity} ×</span> {line.productName} <span className="muted">({line.variantName})</span>
            {line.actualWeightGrams ? <span className="muted"> · {formatWeight(line.actualWeightGrams, i18n.language)}</span> : null}
          </li>
        ))}
      </ul>
      {order.state === "placed" ? (
        <p className={due ? "checkin-due" : "checkin-paid"}>{due ? <strong>{t("pickup.due", { amount })}</strong> : t("pickup.paid")}</p>
      ) : (
        <p className="muted">{t("pickup.cancelledNote")}</p>
      )}
      {order.notes.length ? (
        <div className="checkin-notes">
          <h3 className="visually-hidden">{t("pickup.notes")}</h3>
          <ul>
            {order.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {order.fulfilmentState === "collected" && order.state === "placed" ? (
        <p className="muted small">{t("pickup.collectedAt", { when: when(order.collectedAt), who: order.changedByName })}</p>
      ) : null}
      {order.fulfilmentState === "no_show" && order.state === "placed" ? (
        <p className="muted small">{t("pickup.noShowAt", { when: when(order.fulfilmentChangedAt), who: order.changedByName })}</p>
      ) : null}
      {failed?.ok === false ? (
        <div className="field-error" role="alert">
          {Object.values(failed.fieldErrors ?? {})[0] ?? failed.formError}
        </div>
      ) : null}
      {order.state === "placed" ? (
        // One form per order: the button pressed names the intent; the page's search rides in the action's URL.
        <Form method="post" action={actionUrl} preventScrollReset className="checkin-actions">
          <input type="hidden" name="orderId" value={order.id} />
          <input type="hidden" name="key" value={formKey} />
          {due ? <input type="hidden" name="amountCents" value={order.balanceCents} /> : null}
          {due ? (
            <button type="submit" name="intent" value="pay" className="button button-secondary checkin-pay" aria-label={label("pay", { amount })}>
              {t("pickup.actions.pay", { amount })}
            </button>
          ) : null}
          {order.fulfilmentState !== "collected" ? (
            <button type="submit" name="intent" value="collect" className="button" aria-label={label("collect")}>
              {t("pickup.actions.collect")}
            </button>
          ) : null}
          {order.fulfilmentState === "pending" ? (
            <button type="submit" name="intent" value="noShow" className="button button-secondary" aria-label={label("noShow")}>
              {t("pickup.actions.noShow")}
            </button>
          ) : (
            <button
              type="submit"
              name="intent"
              value="undo"
              className="button button-secondary"
              aria-label={label(order.fulfilmentState === "no_show" ? "undoNoShow" : "undo")}
            >
              {t(order.fulfilmentState === "no_show" ? "pickup.actions.undoNoShow" : "pickup.actions.undo")}
            </button>
          )}
        </Form>
      ) : null}
    </article>
  );
}

/** Past a page of orders: where this page stands, and the way to the next and previous ones (the search kept). */
function Pager({ base, matching, pageSize }: { base: string; matching: number; pageSize: number }) {
  const { t } = useT("cycles");
  const [search] = useSearchParams();
  const page = Number(search.get("page") ?? "1") || 1;
  if (matching <= pageSize && page === 1) return null;
  const to = (target: number) => {
    const query = new URLSearchParams(search);
    for (const name of ["done", "order", "buyer"]) query.delete(name);
    if (target > 1) query.set("page", String(target));
    else query.delete("page");
    return `${base}?${query}`;
  };
  const from = (page - 1) * pageSize + 1;
  return (
    <nav className="checkin-pager" aria-label={t("pickup.pages")}>
      <p className="muted">{t("pickup.pageOf", { from, to: Math.min(page * pageSize, matching), count: matching })}</p>
      <p>
        {page > 1 ? <Link to={to(page - 1)}>← {t("pickup.previous")}</Link> : null}
        {page * pageSize < matching ? <Link to={to(page + 1)}>{t("pickup.next")} →</Link> : null}
      </p>
    </nav>
  );
}

const badgeClass: Record<string, string> = { pending: "badge-upcoming", collected: "badge-open", no_show: "badge-closed", cancelled: "badge-closed" };
