// /orders/:orderId/pay: the buyer sends their unpaid card order to Stripe's hosted Checkout.
// The action answers with the Checkout address instead of a redirect: the page's CSP
// (form-action 'self') would block a form's redirect to Stripe, a link or script navigation is not.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { useT } from "#app/i18n/use-t";
import { DomainError } from "#app/domain/errors";
import { cardPaymentSummary, payOrderByCard } from "#app/domain/payments/stripe.server";
import { statusFor } from "#app/http/errors.server";
import { handleForm, type FormFailure } from "#app/http/forms.server";
import { orderRequester } from "#app/http/order-requester.server";
import { appOrigin } from "#app/http/security.server";
import { resolveLocale } from "#app/i18n/locale.server";
import type { FormResult } from "#app/ui/form";
import { Money } from "#app/ui/money";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "payment", [data?.order.number ? `#${data.order.number}` : undefined]) },
];

/** The order page, keeping the guest's link key, with an optional notice. */
function orderPath(orderId: string, key: string | null, payment?: string) {
  const query = new URLSearchParams();
  if (key) query.set("key", key);
  if (payment) query.set("payment", payment);
  const search = query.toString();
  return `/orders/${orderId}${search ? `?${search}` : ""}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orderId = params.orderId!;
  const { requester, key } = await orderRequester(request, orderId);
  try {
    const order = await cardPaymentSummary(requester, orderId);
    return { order, orderPath: orderPath(orderId, key) };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(null, { status: statusFor(error.code) });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const orderId = params.orderId!;
  const { caller, requester, key } = await orderRequester(request, orderId);
  const locale = await resolveLocale(request, caller?.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const origin = appOrigin();
    const { url } = await payOrderByCard(requester, orderId, {
      successUrl: `${origin}${orderPath(orderId, key, "success")}`,
      cancelUrl: `${origin}${orderPath(orderId, key, "cancelled")}`,
    });
    return { ok: true as const, checkoutUrl: url };
  });
}

export default function PayOrder() {
  const { t } = useT("shop");
  const { t: te } = useT("errors");
  const { order, orderPath: back } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | { ok: true; checkoutUrl: string } | undefined;
  const busy = useNavigation().state !== "idle";
  const checkoutUrl = result && result.ok === true && "checkoutUrl" in result ? result.checkoutUrl : null;
  const failure = result && result.ok === false ? (result as FormFailure) : undefined;
  const failureMessages = Object.values(failure?.fieldErrors ?? {});

  useEffect(() => {
    if (checkoutUrl) window.location.assign(checkoutUrl);
  }, [checkoutUrl]);

  const paid = order.paymentState === "paid";
  return (
    <main id="main" className="page page-narrow">
      <div className="page-header">
        <div>
          <p className="muted">{order.shopName}</p>
          <h1>{t("order.title", { number: order.number })}</h1>
        </div>
        <span className={`badge ${paid ? "badge-open" : order.paymentState === "refunded" ? "badge-closed" : "badge-upcoming"}`}>
          {t(`order.payment.${order.paymentState}`)}
        </span>
      </div>
      {failure ? (
        <div className="alert alert-error" role="alert" aria-live="assertive">
          {failureMessages.length ? failureMessages.map((message) => <div key={message}>{message}</div>) : <div>{failure.formError}</div>}
        </div>
      ) : null}
      <section className="card stack">
        <dl className="facts">
          <dt>{t("shop.total")}</dt>
          <dd>
            <strong>
              <Money cents={order.totalCents} />
            </strong>
          </dd>
        </dl>
        {checkoutUrl ? (
          <div className="stack">
            <p role="status" aria-live="polite">
              {t("pay.redirecting", { defaultValue: "Taking you to Stripe's secure payment page…" })}
            </p>
            <p>
              <a className="button" href={checkoutUrl}>
                {t("pay.continue", { defaultValue: "Continue to payment" })}
              </a>
            </p>
          </div>
        ) : order.refusalKey ? (
          failure ? null : (
            <p>{te(`fields.${order.refusalKey}`)}</p>
          )
        ) : (
          <Form method="post" className="stack">
            <p className="hint">{t("pay.hint", { defaultValue: "You pay on Stripe's secure page, then come back here." })}</p>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t("order.payByCard")}
              </button>
            </div>
          </Form>
        )}
        <p>
          <Link to={back}>{t("pay.backToOrder", { defaultValue: "Back to the order" })}</Link>
        </p>
      </section>
    </main>
  );
}
