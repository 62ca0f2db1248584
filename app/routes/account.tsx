// The signed-in person's account: their orders, name and language, and for managers the API tokens
// that act on their behalf (created and shown once, listed with when they were last used, revoked).
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { CopyButton } from "#app/ui/copy-button";
import { useT } from "#app/i18n/use-t";
import { numberLocale } from "#app/i18n/format";
import { requireUserPage } from "#app/auth/actor.server";
import { issueApiToken, listApiTokens, revokeApiTokenById } from "#app/auth/api-tokens.server";
import { updateProfile } from "#app/domain/accounts/accounts.server";
import { DomainError } from "#app/domain/errors";
import { ordersOfBuyer } from "#app/domain/orders/queries.server";
import { creditOfBuyer } from "#app/domain/loyalty/commands.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { locales } from "#app/i18n/config";
import { localeCookie, resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { Money } from "#app/ui/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Circuit" }];

/** Personal data and, right after creation, a secret: never kept by a cache. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const [tokens, orders, credit] = await Promise.all([listApiTokens(caller.user.id), ordersOfBuyer(caller.user.id), creditOfBuyer(caller.user)]);
  return {
    title: `${translator(locale, "auth")("account.title")} · Circuit`,
    user: { name: caller.user.name, email: caller.user.email, locale },
    orders,
    credit,
    isManager: caller.actor.enterpriseIds.length > 0,
    tokens: tokens.map((token) => ({
      id: token.id,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt ? token.lastUsedAt.toISOString() : null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form);
  const intent = typeof fields.intent === "string" ? fields.intent : "";
  return handleForm({ request, locale, form }, async () => {
    switch (intent) {
      case "profile": {
        const user = await updateProfile(caller.actor, fields);
        // The cookie too, so the language stays after logging out.
        return data({ ok: true as const, intent }, { headers: { "Set-Cookie": await localeCookie.serialize(user.locale) } });
      }
      case "createToken": {
        const { id, token } = await issueApiToken(caller.user.id);
        return { ok: true as const, intent, tokenId: id, token };
      }
      case "revokeToken":
        await revokeApiTokenById(caller.user.id, typeof fields.tokenId === "string" ? fields.tokenId : "");
        return { ok: true as const, intent };
      default:
        throw new DomainError("malformed");
    }
  });
}

type Result = (FormResult & { tokenId?: string; token?: string }) | undefined;

function resultFor(result: Result, intent: string): Result {
  return result?.intent === intent ? result : undefined;
}

/**
 * An instant in the viewer's language: in UTC (and said so) from the server, then in the
 * browser's own zone once JavaScript runs.
 */
function LocalTime({ iso }: { iso: string }) {
  const { i18n } = useT();
  const [zone, setZone] = useState<string | undefined>("UTC");
  useEffect(() => setZone(undefined), []);
  const text = new Intl.DateTimeFormat(numberLocale(i18n.language), {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: zone,
    timeZoneName: zone ? "short" : undefined,
  }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}

/** The buyer's credit at each shop where they have some: balance, points, and what moved it (docs/domain.md 13). */
function CreditCard() {
  const { t } = useT("shop");
  const { credit } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="credit-title">
      <h2 id="credit-title">{t("loyalty.account.title")}</h2>
      <p className="muted">{t("loyalty.account.lead")}</p>
      {credit.map((shop) => (
        <section key={shop.distributorId} className="account-credit" aria-labelledby={`credit-${shop.distributorId}`}>
          <h3 id={`credit-${shop.distributorId}`}>{shop.name}</h3>
          <p>
            <strong>
              {t("common:format.label", { label: t("loyalty.account.balance") })} <Money cents={shop.balanceCents} />
            </strong>
            {shop.points > 0 ? <span className="muted"> · {t("loyalty.account.points", { count: shop.points })}</span> : null}
          </p>
          {shop.items.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("loyalty.account.history")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("loyalty.account.date")}</th>
                    <th scope="col">{t("loyalty.account.what")}</th>
                    <th scope="col" className="num">
                      {t("loyalty.account.amount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shop.items.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <LocalTime iso={entry.at} />
                      </td>
                      <td>
                        {t(`loyalty.kinds.${entry.kind}`)}
                        {entry.orderNumber ? <span className="muted"> · {t("loyalty.account.order", { number: entry.orderNumber })}</span> : null}
                        {entry.note ? <span className="muted"> · {entry.note}</span> : null}
                      </td>
                      <td className="num">
                        {entry.amountCents < 0 ? "−" : "+"}
                        <Money cents={Math.abs(entry.amountCents)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ))}
    </section>
  );
}

function OrdersCard() {
  const { t } = useT("auth");
  const { orders } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="orders-title">
      <h2 id="orders-title">{t("account.orders.title")}</h2>
      {orders.length === 0 ? (
        <p className="muted">{t("account.orders.empty")}</p>
      ) : (
        <ul className="account-orders">
          {orders.map((order) => (
            <li key={order.id}>
              <Link to={`/orders/${order.id}`} className="account-order">
                <span className="account-order-main">
                  <strong>{t("account.orders.number", { number: order.number })}</strong>
                  <span>{order.shopName}</span>
                  {order.readyFor ? (
                    <span className="muted">{t("common:format.labelValue", { label: t("account.orders.readyFor"), value: order.readyFor })}</span>
                  ) : null}
                  {order.placedAt ? (
                    <span className="muted">
                      {t("common:format.label", { label: t("account.orders.placed") })} <LocalTime iso={order.placedAt} />
                    </span>
                  ) : null}
                </span>
                <span className="account-order-side">
                  <Money cents={order.totalCents} />
                  {order.state === "cancelled" ? (
                    <span className="badge badge-closed">{t("shop:order.states.cancelled")}</span>
                  ) : (
                    <span className={`badge ${order.paymentState === "paid" ? "badge-open" : "badge-upcoming"}`}>
                      {t(`shop:order.payment.${order.paymentState}`)}
                    </span>
                  )}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Someone who manages nothing yet: the way to start selling, where the top bar no longer shows one. */
function StartSellingCard() {
  const { t } = useT("auth");
  return (
    <section className="card" aria-labelledby="sell-title">
      <h2 id="sell-title">{t("account.sell.title")}</h2>
      <p>{t("account.sell.lead")}</p>
      <div className="form-actions">
        <Link to="/admin/enterprises/new" className="button button-secondary">
          {t("account.sell.action")}
        </Link>
      </div>
    </section>
  );
}

function ProfileCard({ result }: { result: Result }) {
  const { t } = useT("auth");
  const { user } = useLoaderData<typeof loader>();
  const errors = result?.fieldErrors ?? {};
  const busy = useNavigation().formData?.get("intent") === "profile";
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("account.profile.title")}</h2>
      {result?.ok ? (
        <p className="alert alert-success" role="status">
          {t("account.profile.saved")}
        </p>
      ) : null}
      <ErrorSummary result={result} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <TextField
          label={t("fields.name")}
          hint={t("signup.nameHint")}
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          defaultValue={keep(result, "name", user.name)}
          error={errors.name}
        />
        <SelectField
          label={t("fields.language")}
          hint={t("signup.languageHint")}
          name="locale"
          options={locales.map((code) => ({ value: code, label: t(`common:language.${code}`) }))}
          defaultValue={keep(result, "locale", user.locale)}
          error={errors.locale}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t("account.profile.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function NewToken({ token }: { token: string }) {
  const { t } = useT("auth");
  return (
    <div className="alert alert-success token-reveal" role="status">
      <label htmlFor="new-token">
        <strong>{t("account.tokens.newTitle")}</strong>
      </label>
      <div className="token-value">
        <input
          id="new-token"
          type="text"
          readOnly
          value={token}
          aria-describedby="new-token-hint"
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={token} label={t("account.tokens.copy")} copiedLabel={t("account.tokens.copied")} />
      </div>
      <p id="new-token-hint" className="token-hint">
        {t("account.tokens.copyHint")}
      </p>
    </div>
  );
}

function TokensCard({ result }: { result: Result }) {
  const { t } = useT("auth");
  const { tokens } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const created = resultFor(result, "createToken");
  const revoked = resultFor(result, "revokeToken");
  const failure = created?.ok === false ? created : revoked?.ok === false ? revoked : undefined;
  return (
    <section className="card" aria-labelledby="tokens-title">
      <div className="card-header">
        <h2 id="tokens-title">{t("account.tokens.title")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="createToken" />
          <button type="submit" className="button button-secondary button-small" disabled={navigation.formData?.get("intent") === "createToken"}>
            {t("account.tokens.create")}
          </button>
        </Form>
      </div>
      <p className="muted">{t("account.tokens.lead")}</p>
      <ErrorSummary result={failure} />
      {created?.ok && created.token ? <NewToken token={created.token} /> : null}
      {revoked?.ok ? (
        <p className="alert alert-success" role="status">
          {t("account.tokens.revoked")}
        </p>
      ) : null}
      {tokens.length === 0 ? (
        <p className="empty">{t("account.tokens.none")}</p>
      ) : (
        <ul className="list-plain token-list" aria-label={t("account.tokens.caption")}>
          {tokens.map((token) => (
            <li key={token.id} className="token-item">
              <dl className="token-facts">
                <div>
                  <dt>{t("account.tokens.created")}</dt>
                  <dd>
                    <LocalTime iso={token.createdAt} />
                    {created?.ok && created.tokenId === token.id ? (
                      <>
                        {" "}
                        <span className="badge badge-open">{t("account.tokens.new")}</span>
                      </>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt>{t("account.tokens.lastUsed")}</dt>
                  <dd>{token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} /> : <span className="muted">{t("account.tokens.never")}</span>}</dd>
                </div>
              </dl>
              <details className="danger-details token-revoke">
                <summary className="button button-quiet button-small">{t("account.tokens.revoke")}</summary>
                <Form method="post" className="alert alert-error">
                  <input type="hidden" name="intent" value="revokeToken" />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <p>{t("account.tokens.revokeConfirm")}</p>
                  <button type="submit" className="button button-danger button-small">
                    {t("account.tokens.revoke")}
                  </button>
                </Form>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Account() {
  const { t } = useT("auth");
  const { user, isManager, orders, tokens, credit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  return (
    // Wider than the sign-in pages: the token list needs the room for its dates.
    <main id="main" className="page page-medium">
      <div className="page-header">
        <div>
          <h1>{t("account.title")}</h1>
          <p className="muted">{t("account.signedInAs", { email: user.email })}</p>
        </div>
      </div>
      {/* A manager who never bought is not shown an empty order list. */}
      {orders.length > 0 || !isManager ? <OrdersCard /> : null}
      {credit.length > 0 ? <CreditCard /> : null}
      <ProfileCard result={resultFor(result, "profile")} />
      {isManager ? null : <StartSellingCard />}
      {/* Tokens serve the programs managers connect (a CRM, a spreadsheet); a buyer is not offered them, but keeps the way to revoke one they hold. */}
      {isManager || tokens.length > 0 ? <TokensCard result={result} /> : null}
    </main>
  );
}
