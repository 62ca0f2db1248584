// Step 4, Checkout options: the shipping and payment methods each distributor offers in this cycle.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { NextStep, useUnsavedChangesGuard } from "#app/ui/step-navigation";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    await putOutgoingExchange(caller.actor, params.cycleId!, String(form.get("distributorId") ?? ""), {
      shippingMethodIds: form.getAll("shippingMethodIds").map(String),
      paymentMethodIds: form.getAll("paymentMethodIds").map(String),
    });
    return { ok: true as const };
  });
}

export default function CycleCheckoutOptions() {
  const { t } = useT("cycles");
  const editor = useCycleEditor();
  const result = useActionData<typeof action>() as FormResult;
  const exchanges = editor.cycle.outgoing.filter((exchange) => exchange.canEditDetails);
  const guard = useUnsavedChangesGuard(t("next.unsaved"));
  return (
    <div onChange={guard.onChange} onSubmit={guard.onSubmit}>
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {t("saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <div className="page-header">
        <div>
          <h2>{t("checkout.heading")}</h2>
          <p className="muted">{t("checkout.lead")}</p>
        </div>
      </div>
      {exchanges.length === 0 ? <div className="card empty">{t("outgoing.none")}</div> : null}
      <div className="grid-cards">
        {exchanges.map((exchange) => {
          const methods = editor.methods.filter((method) => method.ownerId === exchange.distributor.id);
          const chosen = new Set([
            ...("shippingMethodIds" in exchange ? (exchange.shippingMethodIds ?? []) : []),
            ...("paymentMethodIds" in exchange ? (exchange.paymentMethodIds ?? []) : []),
          ]);
          return (
            <Form method="post" key={exchange.distributor.id} className="card form">
              <h3>{exchange.distributor.name}</h3>
              <input type="hidden" name="distributorId" value={exchange.distributor.id} />
              {methods.length === 0 ? <p className="muted">{t("checkout.noMethods")}</p> : null}
              {(["shipping", "payment"] as const).map((group) => (
                <fieldset key={group}>
                  <legend>{t(`checkout.${group}`)}</legend>
                  {methods
                    .filter((method) => method.group === group && (!method.archived || chosen.has(method.id)))
                    .map((method) => (
                      <label key={method.id} className="checkbox">
                        <input type="checkbox" name={`${group}MethodIds`} value={method.id} defaultChecked={chosen.has(method.id)} />
                        <span>
                          {method.name} {method.archived ? <span className="badge badge-neutral">{t("common:archived")}</span> : null}
                        </span>
                      </label>
                    ))}
                </fieldset>
              ))}
              <div className="form-actions">
                <button type="submit" className="button">
                  {t("checkout.save")}
                </button>
              </div>
            </Form>
          );
        })}
      </div>
      <NextStep to="/admin/order-cycles" label={t("next.done")} />
    </div>
  );
}
