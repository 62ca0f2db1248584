// Step 2, Incoming: suppliers, the variants they bring, receival instructions and incoming fees.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { putIncomingExchange, removeIncomingExchange } from "#app/domain/order-cycles/commands.server";
import { cycleEditorData } from "#app/domain/order-cycles/editor.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField, keep, keptChoices, type FormResult } from "#app/ui/form";
import { ProductSearch, VariantChecklist } from "#app/ui/variant-checklist";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { LazyDetails, withParam } from "#app/ui/lazy-details";
import { NextStep, useUnsavedChangesGuard } from "#app/ui/step-navigation";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { FeeCalculation } from "#app/ui/fee-calculation";
import { capsFromForm } from "#app/domain/capacity/rules";
import { staleLimit, wholeCasesError } from "#app/domain/orders/cases";

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const cycleId = params.cycleId!;
  const supplierId = String(form.get("supplierId") ?? "");
  return handleForm({ request, locale, form }, async () => {
    const intent = form.get("intent");
    if (intent === "remove") {
      await removeIncomingExchange(caller.actor, cycleId, supplierId);
      return { ok: true as const, intent, supplierId };
    }
    if (intent === "add") {
      await putIncomingExchange(caller.actor, cycleId, supplierId, {});
      return { ok: true as const, intent, supplierId };
    }
    let variantIds = form.getAll("variantIds").map(String);
    const bulk = String(form.get("bulk") ?? "").split(":")[0];
    if (bulk === "none") variantIds = [];
    if (bulk === "all") {
      const editor = await cycleEditorData(caller.actor, cycleId);
      variantIds = (editor.variantsBySupplier[supplierId] ?? []).map((variant) => variant.id);
    }
    await putIncomingExchange(caller.actor, cycleId, supplierId, {
      variantIds,
      ...(form.has("feesShown") ? { feeIds: form.getAll("feeIds").map(String) } : {}),
      ...(form.has("receivalInstructions") ? { receivalInstructions: String(form.get("receivalInstructions")) } : {}),
      // Each ticked variant's per-buyer limit, blank for none, refused at its own field (decision 0046).
      ...(form.has("limitsShown")
        ? {
            limits: capsFromForm(form, "limit:")
              .filter((limit) => variantIds.includes(limit.id))
              .map((limit) => ({ variantId: limit.id, maxPerBuyer: limit.max })),
          }
        : {}),
      confirmRemoval: form.get("confirmRemoval") === "on",
    });
    return { ok: true as const, intent: "save", supplierId };
  });
}

export default function CycleIncoming() {
  const { t } = useT("cycles");
  const editor = useCycleEditor();
  const { cycle } = editor;
  const result = useActionData<typeof action>() as (FormResult & { supplierId?: string }) | undefined;
  const [searchParams] = useSearchParams();
  const filter = searchParams.get("q") ?? "";
  const lastSupplier = result?.supplierId ?? (result?.values?.supplierId as string | undefined);
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
        <h2>{t("incoming.heading")}</h2>
      </div>
      {cycle.roles.coordinator ? (
        <section className="card" aria-labelledby="add-supplier">
          <h3 id="add-supplier">{t("incoming.addSupplier")}</h3>
          {editor.candidateSuppliers.length === 0 ? (
            <p className="muted">{t("incoming.noCandidates")}</p>
          ) : (
            <Form method="post" className="add-bar">
              <input type="hidden" name="intent" value="add" />
              <SelectField
                label={t("incoming.chooseSupplier")}
                hint={t("incoming.addSupplierHint")}
                name="supplierId"
                options={editor.candidateSuppliers.map((candidate) => ({
                  value: candidate.id,
                  label: candidate.hasProducts ? candidate.name : t("incoming.noProductsYet", { name: candidate.name }),
                }))}
                error={result?.ok === false && result.intent === "add" ? result.fieldErrors?.supplierId : undefined}
              />
              <button type="submit" className="button">
                {t("common:actions.add")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      {cycle.incoming.length > 0 ? <ProductSearch defaultValue={filter} /> : null}
      {cycle.incoming.length === 0 ? <div className="card empty">{t("incoming.none")}</div> : null}
      {cycle.incoming.map((exchange) => {
        const variants = editor.variantsBySupplier[exchange.supplier.id] ?? [];
        const editable = new Set(exchange.canEdit ? variants.map((variant) => variant.id) : []);
        const fees = editor.fees.filter(
          (fee) => (fee.ownerId === exchange.supplier.id || fee.ownerId === cycle.coordinator.id) && (!fee.archived || exchange.feeIds?.includes(fee.id)),
        );
        const showDetails = exchange.receivalInstructions !== undefined;
        const feeEditable = (ownerId: string) => cycle.roles.coordinator || ownerId === exchange.supplier.id;
        const failed = result?.ok === false && lastSupplier === exchange.supplier.id && result.intent === "save" ? result : undefined;
        // Unticking what placed orders hold is asked first: the same ticks come back with the question.
        const removalToConfirm = failed?.fieldErrorKeys?.variantIds === "removalInOrders";
        return (
          <LazyDetails
            key={exchange.supplier.id}
            id={`exchange-${exchange.supplier.id}`}
            className="exchange"
            initiallyOpen={
              cycle.incoming.length <= 3 || lastSupplier === exchange.supplier.id || Boolean(filter) || searchParams.get("open") === exchange.supplier.id
            }
            openHref={withParam(searchParams, "open", exchange.supplier.id, `exchange-${exchange.supplier.id}`)}
            openLabel={t("incoming.show")}
            summary={
              <>
                <strong>{exchange.supplier.name}</strong>
                <span className="muted">{t("incoming.variantsSelected", { selected: exchange.variantIds.length, total: variants.length })}</span>
                {!exchange.canEdit ? <span className="badge badge-neutral">{t("incoming.readOnly")}</span> : null}
                {exchange.permissionWithdrawn ? <span className="badge badge-upcoming">{t("permissionWithdrawn")}</span> : null}
              </>
            }
          >
            {() => (
              <div className="exchange-body">
                <Form method="post" className="form">
                  <input type="hidden" name="supplierId" value={exchange.supplier.id} />
                  <input type="hidden" name="intent" value="save" />
                  {variants.length === 0 ? (
                    <p className="muted">{t("incoming.noProducts")}</p>
                  ) : (
                    <VariantChecklist
                      name="variantIds"
                      variants={variants}
                      selected={failed ? keptChoices(failed, "variantIds") : exchange.variantIds}
                      editable={editable}
                      filter={filter}
                      caption={exchange.supplier.name}
                    />
                  )}
                  {failed?.fieldErrors?.variantIds ? (
                    <div className="field-error" role="alert">
                      {failed.fieldErrors.variantIds}
                    </div>
                  ) : null}
                  {removalToConfirm ? <CheckboxField label={t("incoming.confirmRemoval")} name="confirmRemoval" /> : null}
                  {exchange.variantIds.length && (exchange.canEditLimits || exchange.limits.length) ? (
                    <details
                      className="limits"
                      open={Boolean(exchange.limits.length) || Object.keys(failed?.fieldErrors ?? {}).some((name) => name.startsWith("limit"))}
                    >
                      <summary>{t("incoming.limits", { count: exchange.limits.length })}</summary>
                      <p className="hint">{t("incoming.limitsHint")}</p>
                      {exchange.canEditLimits ? <input type="hidden" name="limitsShown" value="1" /> : null}
                      <div className="form-row">
                        {variants
                          .filter((variant) => exchange.variantIds.includes(variant.id))
                          .map((variant) => {
                            const field = `limit:${variant.id}`;
                            const limit = exchange.limits.find((entry) => entry.variantId === variant.id)?.maxPerBuyer;
                            // A limit set before the variant was sold by the case is kept, and said here (decision 0059).
                            const stale = limit === undefined ? null : staleLimit(limit, variant.unitsPerCase);
                            const hint = stale
                              ? t("incoming.limitNotWholeCases", stale.values)
                              : variant.unitsPerCase > 1
                                ? t("incoming.limitCase", wholeCasesError(variant.unitsPerCase).values)
                                : undefined;
                            return (
                              <TextField
                                key={variant.id}
                                label={t("incoming.limitOf", { name: `${variant.productName} · ${variant.variantName}` })}
                                name={field}
                                type="number"
                                inputMode="numeric"
                                // A stale limit keeps plain steps: the browser would otherwise refuse to send the form at all.
                                min={stale ? 1 : variant.unitsPerCase}
                                step={stale ? 1 : variant.unitsPerCase}
                                className="qty-input"
                                hint={hint}
                                defaultValue={failed ? String(failed.values?.[field] ?? "") : (limit?.toString() ?? "")}
                                error={failed?.fieldErrors?.[field] ?? failed?.fieldErrors?.[`limits.${variant.id}`]}
                                readOnly={!exchange.canEditLimits}
                              />
                            );
                          })}
                      </div>
                      {failed?.fieldErrors?.limits ? (
                        <div className="field-error" role="alert">
                          {failed.fieldErrors.limits}
                        </div>
                      ) : null}
                    </details>
                  ) : null}
                  {showDetails ? (
                    <>
                      <TextAreaField
                        label={t("incoming.receivalInstructions")}
                        hint={t("incoming.receivalInstructionsHint")}
                        name="receivalInstructions"
                        defaultValue={failed ? keep(failed, "receivalInstructions", exchange.receivalInstructions) : exchange.receivalInstructions}
                        readOnly={!exchange.canEdit}
                        maxLength={5000}
                      />
                      {fees.length ? (
                        <fieldset>
                          <legend>{t("incoming.fees")}</legend>
                          <p className="hint">{t("incoming.feesHint")}</p>
                          <input type="hidden" name="feesShown" value="1" />
                          {fees.map((fee) => (
                            <label key={fee.id} className="checkbox">
                              <input
                                type="checkbox"
                                name="feeIds"
                                value={fee.id}
                                defaultChecked={exchange.feeIds?.includes(fee.id)}
                                disabled={!feeEditable(fee.ownerId)}
                              />
                              <span>
                                {fee.name}
                                <FeeCalculation fee={fee} />{" "}
                                <span className="muted">· {fee.ownerId === cycle.coordinator.id ? cycle.coordinator.name : exchange.supplier.name}</span>{" "}
                                {fee.archived ? <span className="badge badge-neutral">{t("common:archived")}</span> : null}
                              </span>
                            </label>
                          ))}
                        </fieldset>
                      ) : null}
                    </>
                  ) : null}
                  {exchange.canEdit ? (
                    <div className="form-actions">
                      <button type="submit" className="button">
                        {t("incoming.save")}
                      </button>
                    </div>
                  ) : null}
                </Form>
                {cycle.roles.coordinator ? (
                  <ConfirmedRemoval
                    label={t("incoming.remove")}
                    confirm={t("incoming.removeConfirm", { name: exchange.supplier.name })}
                    fields={{ intent: "remove", supplierId: exchange.supplier.id }}
                  />
                ) : null}
              </div>
            )}
          </LazyDetails>
        );
      })}
      <NextStep to={`/admin/order-cycles/${cycle.id}/outgoing`} label={t("next.toOutgoing")} />
    </div>
  );
}
