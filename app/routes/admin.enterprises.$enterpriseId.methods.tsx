// Shipping methods (pickup points, delivery) and payment methods (cash, bank transfer, card) of an
// enterprise: create, edit, archive. Its own managers only.
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { moneyInput, taxRateToInput, withFormErrors } from "#app/domain/catalogue/forms";
import { DomainError } from "#app/domain/errors";
import { paymentMethodFromForm, shippingMethodFromForm } from "#app/domain/methods/forms";
import {
  archivePaymentMethod,
  archiveShippingMethod,
  createPaymentMethod,
  createShippingMethod,
  methodsPage,
  updatePaymentMethod,
  updateShippingMethod,
  type PaymentMethodView,
  type ShippingMethodView,
} from "#app/domain/methods/methods.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, TextAreaField, TextField, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { currencySymbol, formatMoney } from "#app/i18n/format";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "methods") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return methodsPage(caller.actor, params.enterpriseId!).catch(pageError);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form) as Record<string, string>;
  const intent = fields.intent;
  const methodId = fields.methodId ?? "";
  const enterpriseId = params.enterpriseId!;
  return handleForm({ request, locale, form }, async () => {
    switch (intent) {
      case "createShipping": {
        const parse = shippingMethodFromForm(fields, { withKind: true });
        await withFormErrors(parse, () => createShippingMethod(caller.actor, enterpriseId, parse.input));
        break;
      }
      case "updateShipping": {
        const parse = shippingMethodFromForm(fields, { withKind: false });
        await withFormErrors(parse, () => updateShippingMethod(caller.actor, methodId, parse.input));
        break;
      }
      case "archiveShipping":
        await archiveShippingMethod(caller.actor, methodId);
        break;
      case "createPayment": {
        const parse = paymentMethodFromForm(fields, { withKind: true });
        await withFormErrors(parse, () => createPaymentMethod(caller.actor, enterpriseId, parse.input));
        break;
      }
      case "updatePayment": {
        const parse = paymentMethodFromForm(fields, { withKind: false });
        await withFormErrors(parse, () => updatePaymentMethod(caller.actor, methodId, parse.input));
        break;
      }
      case "archivePayment":
        await archivePaymentMethod(caller.actor, methodId);
        break;
      default:
        throw new DomainError("malformed");
    }
    return { ok: true as const, intent, methodId };
  });
}

/** Translation keys are camelCase; the stored kind is snake_case. */
const kindKey = (kind: string) => (kind === "bank_transfer" ? "bankTransfer" : kind);

type Result = (FormResult & { methodId?: string }) | undefined;

/** The result of the one form it belongs to: errors show next to that form's fields only. */
function resultFor(result: Result, intent: string, methodId?: string): Result {
  if (!result || result.ok !== false || result.intent !== intent) return undefined;
  if (methodId && result.values?.methodId !== methodId) return undefined;
  return result;
}

/** Shows only the fields of the chosen kind once JavaScript runs; without it every field shows, with its hint. */
function useEnhanced() {
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  return enhanced;
}

function ShippingFields({ result, method, kind }: { result: Result; method?: ShippingMethodView; kind: string }) {
  const { t, i18n } = useT("catalogue");
  const enhanced = useEnhanced();
  const show = (forKind: string) => !enhanced || kind === forKind;
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <TextField
        label={t("methods.fields.name")}
        hint={t("methods.fields.shippingNameHint")}
        name="name"
        defaultValue={keep(result, "name", method?.name)}
        error={errors.name}
        required
        maxLength={120}
        autoComplete="off"
      />
      <div hidden={!show("pickup")} className="stack">
        <TextAreaField
          label={t("methods.fields.address")}
          hint={t("methods.fields.addressHint")}
          name="address"
          defaultValue={keep(result, "address", method?.address)}
          error={errors.address}
          rows={2}
          maxLength={500}
        />
        <TextField
          label={t("methods.fields.openingHours")}
          hint={t("methods.fields.openingHoursHint")}
          name="openingHours"
          defaultValue={keep(result, "openingHours", method?.openingHours)}
          error={errors.openingHours}
          maxLength={500}
          autoComplete="off"
        />
      </div>
      <div hidden={!show("delivery")} className="fee-field">
        <TextField
          label={t("methods.fields.fee", { currency: currencySymbol(i18n.language) })}
          hint={t("methods.fields.feeHint")}
          name="fee"
          inputMode="decimal"
          placeholder={i18n.language === "fr" ? "0,00" : "0.00"}
          defaultValue={keep(result, "fee", method && method.feeCents > 0 ? moneyInput(method.feeCents, i18n.language) : "")}
          error={errors.fee}
          autoComplete="off"
        />
        <TextField
          label={t("methods.fields.taxRate")}
          hint={t("methods.fields.taxRateHint")}
          name="taxRate"
          inputMode="decimal"
          placeholder="0"
          defaultValue={keep(result, "taxRate", method && method.taxRateBasisPoints > 0 ? taxRateToInput(method.taxRateBasisPoints, i18n.language) : "")}
          error={errors.taxRate}
          autoComplete="off"
        />
      </div>
      <TextAreaField
        label={t("methods.fields.description")}
        hint={t("methods.fields.descriptionHint")}
        name="description"
        defaultValue={keep(result, "description", method?.description)}
        error={errors.description}
        rows={2}
        maxLength={2000}
      />
    </>
  );
}

function NewShippingMethod({ result, open }: { result: Result; open: boolean }) {
  const { t } = useT("catalogue");
  const [kind, setKind] = useState(keep(result, "kind", "pickup"));
  const busy = useNavigation().state === "submitting";
  return (
    <details className="add-method" open={open}>
      <summary className="button button-secondary">{t("methods.addShipping")}</summary>
      <Form method="post" className="form add-method-form" noValidate>
        <input type="hidden" name="intent" value="createShipping" />
        <fieldset className="method-choices">
          <legend>{t("methods.fields.shippingKind")}</legend>
          {(["pickup", "delivery"] as const).map((option) => (
            <label key={option} className="method-choice">
              <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
              <span>
                <strong>{t(`methods.shippingKinds.${option}`)}</strong>
                <span className="hint">{t(`methods.shippingKindHints.${option}`)}</span>
              </span>
            </label>
          ))}
          {result?.fieldErrors?.kind ? <div className="field-error">{result.fieldErrors.kind}</div> : null}
        </fieldset>
        <ShippingFields result={result} kind={kind} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t("methods.createShipping")}
          </button>
        </div>
      </Form>
    </details>
  );
}

function NewPaymentMethod({ result, open, cardPaymentsConfigured }: { result: Result; open: boolean; cardPaymentsConfigured: boolean }) {
  const { t } = useT("catalogue");
  const [kind, setKind] = useState(keep(result, "kind", "cash"));
  const busy = useNavigation().state === "submitting";
  return (
    <details className="add-method" open={open}>
      <summary className="button button-secondary">{t("methods.addPayment")}</summary>
      <Form method="post" className="form add-method-form" noValidate>
        <input type="hidden" name="intent" value="createPayment" />
        <fieldset className="method-choices">
          <legend>{t("methods.fields.paymentKind")}</legend>
          {(["cash", "bank_transfer", "stripe"] as const).map((option) => {
            const disabled = option === "stripe" && !cardPaymentsConfigured;
            return (
              <label key={option} className={`method-choice${disabled ? " method-choice-disabled" : ""}`}>
                <input type="radio" name="kind" value={option} checked={kind === option} disabled={disabled} onChange={() => setKind(option)} />
                <span>
                  <strong>{t(`methods.paymentKinds.${kindKey(option)}`)}</strong>
                  <span className="hint">{disabled ? t("methods.cardNotConfigured") : t(`methods.paymentKindHints.${kindKey(option)}`)}</span>
                </span>
              </label>
            );
          })}
          {result?.fieldErrors?.kind ? <div className="field-error">{result.fieldErrors.kind}</div> : null}
        </fieldset>
        <TextField
          label={t("methods.fields.name")}
          hint={t("methods.fields.paymentNameHint")}
          name="name"
          defaultValue={keep(result, "name")}
          error={result?.fieldErrors?.name}
          required
          maxLength={120}
          autoComplete="off"
        />
        <TextAreaField
          label={t("methods.fields.instructions")}
          hint={t(kind === "bank_transfer" ? "methods.fields.bankInstructionsHint" : "methods.fields.instructionsHint")}
          name="instructions"
          defaultValue={keep(result, "instructions")}
          error={result?.fieldErrors?.instructions}
          rows={3}
          maxLength={2000}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t("methods.createPayment")}
          </button>
        </div>
      </Form>
    </details>
  );
}

function ArchiveMethod({ intent, method }: { intent: string; method: { id: string; name: string } }) {
  const { t } = useT("catalogue");
  return (
    <details className="danger-details">
      <summary className="button button-danger button-small">{t("methods.archive")}</summary>
      <Form method="post" className="alert alert-error">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="methodId" value={method.id} />
        <p>{t("methods.archiveConfirm", { name: method.name })}</p>
        <button type="submit" className="button button-danger button-small">
          {t("methods.archiveButton")}
        </button>
      </Form>
    </details>
  );
}

function ShippingItem({ method, result }: { method: ShippingMethodView; result: Result }) {
  const { t, i18n } = useT("catalogue");
  const failed = resultFor(result, "updateShipping", method.id);
  const busy = useNavigation().state === "submitting";
  return (
    <li className="method">
      <div className="method-summary">
        <div className="row">
          <strong>{method.name}</strong>
          <span className="badge badge-neutral">{t(`methods.shippingKinds.${method.kind}`)}</span>
        </div>
        {method.kind === "pickup" ? (
          <>
            {method.address ? <div className="method-address">{method.address}</div> : <div className="muted">{t("methods.noAddress")}</div>}
            {method.openingHours ? <div className="muted">{method.openingHours}</div> : null}
          </>
        ) : null}
        {method.feeCents > 0 || method.kind === "delivery" ? (
          <div className="muted">{method.feeCents > 0 ? t("methods.feeLine", { fee: formatMoney(method.feeCents, i18n.language) }) : t("methods.free")}</div>
        ) : null}
        {method.description ? <p className="method-description">{method.description}</p> : null}
      </div>
      <div className="method-actions">
        <details className="method-edit" open={Boolean(failed)}>
          <summary className="button button-secondary button-small">{t("methods.edit")}</summary>
          <Form method="post" className="form method-edit-form" noValidate>
            <input type="hidden" name="intent" value="updateShipping" />
            <input type="hidden" name="methodId" value={method.id} />
            <ShippingFields result={failed} method={method} kind={method.kind} />
            <div className="form-actions">
              <button type="submit" className="button button-small" disabled={busy}>
                {t("methods.save")}
              </button>
            </div>
          </Form>
        </details>
        <ArchiveMethod intent="archiveShipping" method={method} />
      </div>
    </li>
  );
}

function PaymentItem({ method, result }: { method: PaymentMethodView; result: Result }) {
  const { t } = useT("catalogue");
  const failed = resultFor(result, "updatePayment", method.id);
  const busy = useNavigation().state === "submitting";
  return (
    <li className="method">
      <div className="method-summary">
        <div className="row">
          <strong>{method.name}</strong>
          <span className="badge badge-neutral">{t(`methods.paymentKinds.${kindKey(method.kind)}`)}</span>
        </div>
        {method.instructions ? <p className="method-description">{method.instructions}</p> : null}
      </div>
      <div className="method-actions">
        <details className="method-edit" open={Boolean(failed)}>
          <summary className="button button-secondary button-small">{t("methods.edit")}</summary>
          <Form method="post" className="form method-edit-form" noValidate>
            <input type="hidden" name="intent" value="updatePayment" />
            <input type="hidden" name="methodId" value={method.id} />
            <TextField
              label={t("methods.fields.name")}
              name="name"
              defaultValue={keep(failed, "name", method.name)}
              error={failed?.fieldErrors?.name}
              required
              maxLength={120}
              autoComplete="off"
            />
            <TextAreaField
              label={t("methods.fields.instructions")}
              hint={t(method.kind === "bank_transfer" ? "methods.fields.bankInstructionsHint" : "methods.fields.instructionsHint")}
              name="instructions"
              defaultValue={keep(failed, "instructions", method.instructions)}
              error={failed?.fieldErrors?.instructions}
              rows={3}
              maxLength={2000}
            />
            <div className="form-actions">
              <button type="submit" className="button button-small" disabled={busy}>
                {t("methods.save")}
              </button>
            </div>
          </Form>
        </details>
        <ArchiveMethod intent="archivePayment" method={method} />
      </div>
    </li>
  );
}

const sectionCopy = {
  shipping: { heading: "methods.shippingHeading", hint: "methods.shippingHint", none: "methods.noShipping" },
  payment: { heading: "methods.paymentHeading", hint: "methods.paymentHint", none: "methods.noPayment" },
} as const;

/** One kind of method: its list (or a word that there is none yet) and the form to add one. */
function MethodSection<M>({
  kind,
  methods,
  item,
  children,
}: {
  kind: keyof typeof sectionCopy;
  methods: M[];
  item: (method: M) => ReactNode;
  children: ReactNode;
}) {
  const { t } = useT("catalogue");
  const copy = sectionCopy[kind];
  return (
    <section className="card" aria-labelledby={`${kind}-heading`}>
      <h2 id={`${kind}-heading`}>{t(copy.heading)}</h2>
      <p className="hint">{t(copy.hint)}</p>
      {methods.length === 0 ? <p className="muted">{t(copy.none)}</p> : <ul className="list-plain method-list">{methods.map(item)}</ul>}
      {children}
    </section>
  );
}

export default function MethodsPage() {
  const { t } = useT("catalogue");
  const { enterprise, shipping, payment, cardPaymentsConfigured } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const missing = enterprise.sells && (shipping.length === 0 || payment.length === 0);
  const createShippingFailed = resultFor(result, "createShipping");
  const createPaymentFailed = resultFor(result, "createPayment");

  return (
    <>
      <EnterprisePageHeader enterpriseName={enterprise.name} title={t("methods.title")} lead={t("methods.lead")} />
      {missing ? (
        <div className="alert alert-warning" role="status">
          {t("methods.missing")}
        </div>
      ) : null}
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {t(`methods.done.${result.intent}`)}
        </div>
      ) : null}
      <ErrorSummary result={result} />

      <MethodSection kind="shipping" methods={shipping} item={(method) => <ShippingItem key={method.id} method={method} result={result} />}>
        <NewShippingMethod
          key={result?.ok === true && result.intent === "createShipping" ? `done-${shipping.length}` : "new"}
          result={createShippingFailed}
          open={shipping.length === 0 || Boolean(createShippingFailed)}
        />
      </MethodSection>

      <MethodSection kind="payment" methods={payment} item={(method) => <PaymentItem key={method.id} method={method} result={result} />}>
        <NewPaymentMethod
          key={result?.ok === true && result.intent === "createPayment" ? `done-${payment.length}` : "new"}
          result={createPaymentFailed}
          open={payment.length === 0 || Boolean(createPaymentFailed)}
          cardPaymentsConfigured={cardPaymentsConfigured}
        />
      </MethodSection>
    </>
  );
}
