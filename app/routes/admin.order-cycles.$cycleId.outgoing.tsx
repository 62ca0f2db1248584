// Step 3, Outgoing: distributors, the variants each sells, ready for, pickup instructions, tags and fees.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CopyButton } from "#app/ui/copy-button";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { putOutgoingExchange, removeOutgoingExchange, rotateShareKey } from "#app/domain/order-cycles/commands.server";
import { settings } from "#app/config/settings.server";
import { cycleEditorData } from "#app/domain/order-cycles/editor.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FormResult } from "#app/ui/form";
import { ProductSearch, VariantChecklist } from "#app/ui/variant-checklist";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { LazyDetails, withParam } from "#app/ui/lazy-details";
import { NextStep, useUnsavedChangesGuard } from "#app/ui/step-navigation";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { FeeCalculation } from "#app/ui/fee-calculation";
import { capsFromForm } from "#app/domain/capacity/rules";
import { announceCycle } from "#app/domain/marketing/announcements.server";

/** The instance's address, for the share links of unlisted sales. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserPage(request);
  return { appUrl: settings().appUrl.replace(/\/$/, "") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const cycleId = params.cycleId!;
  const distributorId = String(form.get("distributorId") ?? "");
  return handleForm({ request, locale, form }, async () => {
    const intent = form.get("intent");
    if (intent === "remove") {
      await removeOutgoingExchange(caller.actor, cycleId, distributorId);
      return { ok: true as const, intent, distributorId };
    }
    if (intent === "add") {
      await putOutgoingExchange(caller.actor, cycleId, distributorId, {});
      return { ok: true as const, intent, distributorId };
    }
    if (intent === "newLink") {
      await rotateShareKey(caller.actor, cycleId, distributorId);
      return { ok: true as const, intent, distributorId };
    }
    if (intent === "announce") {
      const tags = String(form.get("tags") ?? "")
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean);
      const message = String(form.get("message") ?? "").trim();
      const recipients = await announceCycle(caller.actor, cycleId, distributorId, { tags, ...(message ? { message } : {}) });
      return { ok: true as const, intent, distributorId, recipients };
    }
    let variantIds = form.getAll("variantIds").map(String);
    const bulk = String(form.get("bulk") ?? "");
    if (bulk) {
      // Without JavaScript, "select all / none" for one supplier's block arrives as a submit.
      const [mode, supplierId] = bulk.split(":");
      const editor = await cycleEditorData(caller.actor, cycleId);
      const exchange = editor.cycle.outgoing.find((candidate) => candidate.distributor.id === distributorId);
      const supplierVariants = new Set((editor.variantsBySupplier[supplierId] ?? []).map((variant) => variant.id));
      const ofSupplier = (exchange?.editableVariantIds ?? []).filter((id) => supplierVariants.has(id));
      variantIds = mode === "all" ? [...new Set([...variantIds, ...ofSupplier])] : variantIds.filter((id) => !ofSupplier.includes(id));
    }
    const details = form.has("readyFor");
    await putOutgoingExchange(caller.actor, cycleId, distributorId, {
      variantIds,
      ...(details
        ? {
            readyFor: String(form.get("readyFor") ?? ""),
            readyOn: String(form.get("readyOn") ?? ""),
            pickupInstructions: String(form.get("pickupInstructions") ?? ""),
            pickupTimes: Object.fromEntries(
              [...form].filter(([name]) => name.startsWith("pickupTime:")).map(([name, value]) => [name.slice("pickupTime:".length), String(value)]),
            ),
            tags: String(form.get("tags") ?? "")
              .split(",")
              .map((tag) => tag.trim())
              .filter(Boolean),
            ...(form.has("visibility") ? { visibility: String(form.get("visibility")) } : {}),
          }
        : {}),
      ...(form.has("feesShown") ? { feeIds: form.getAll("feeIds").map(String) } : {}),
      ...(form.has("lockShown") ? { variantsLocked: form.get("variantsLocked") === "on" } : {}),
      // Each offered method's cap, blank for none, refused at its own field (decision 0046).
      ...(form.has("capsShown")
        ? { shippingMethodCaps: capsFromForm(form, "pickupCap:").map((cap) => ({ shippingMethodId: cap.id, maxOrders: cap.max })) }
        : {}),
    });
    return { ok: true as const, intent: "save", distributorId };
  });
}

export default function CycleOutgoing() {
  const { t } = useT("cycles");
  const { appUrl } = useLoaderData<typeof loader>();
  const editor = useCycleEditor();
  const { cycle } = editor;
  const result = useActionData<typeof action>() as (FormResult & { distributorId?: string; recipients?: number }) | undefined;
  const [searchParams] = useSearchParams();
  const filter = searchParams.get("q") ?? "";
  const lastDistributor = result?.distributorId ?? (result?.values?.distributorId as string | undefined);
  const eligible = editor.candidateDistributors.filter((candidate) => candidate.reasons.length === 0);
  const ineligible = editor.candidateDistributors.filter((candidate) => candidate.reasons.length > 0);
  const failedFor = (id: string) => (result?.ok === false && lastDistributor === id ? result : undefined);
  const guard = useUnsavedChangesGuard(t("next.unsaved"));
  const canCheckout = cycle.roles.coordinator || cycle.roles.distributorIds.length > 0;

  return (
    <div onChange={guard.onChange} onSubmit={guard.onSubmit}>
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {result.intent === "newLink"
            ? t("outgoing.newLinkDone")
            : result.intent === "announce"
              ? t("notifications:announce.queued", { count: result.recipients ?? 0 })
              : t("saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <div className="page-header">
        <h2>{t("outgoing.heading")}</h2>
      </div>
      {cycle.roles.coordinator ? (
        <section className="card" aria-labelledby="add-distributor">
          <h3 id="add-distributor">{t("outgoing.addDistributor")}</h3>
          {eligible.length > 0 ? (
            <Form method="post" className="add-bar">
              <input type="hidden" name="intent" value="add" />
              <SelectField
                label={t("outgoing.chooseDistributor")}
                hint={t("outgoing.addDistributorHint")}
                name="distributorId"
                options={eligible.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
                error={result?.ok === false && result.intent === "add" ? result.fieldErrors?.distributorId : undefined}
              />
              <button type="submit" className="button">
                {t("common:actions.add")}
              </button>
            </Form>
          ) : null}
          {ineligible.length > 0 ? (
            <>
              <p className="label">{t("outgoing.ineligible")}</p>
              <ul className="ineligible-list">
                {ineligible.map((candidate) => (
                  <li key={candidate.id}>
                    {t("common:format.labelValue", {
                      label: candidate.name,
                      value: candidate.reasons.map((reason) => t(`outgoing.reasons.${reason}`)).join(", "),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      {cycle.outgoing.length > 0 ? <ProductSearch defaultValue={filter} /> : null}
      {cycle.outgoing.length === 0 ? <div className="card empty">{t("outgoing.none")}</div> : null}
      {cycle.outgoing.map((exchange) => {
        const editable = new Set(exchange.editableVariantIds);
        const failed = failedFor(exchange.distributor.id);
        const suppliers = cycle.incoming.filter((incoming) => (exchange.canEditDetails ? true : cycle.roles.supplierIds.includes(incoming.supplier.id)));
        const fees = editor.fees.filter(
          (fee) =>
            (fee.ownerId === exchange.distributor.id || fee.ownerId === cycle.coordinator.id) &&
            (!fee.archived || ("feeIds" in exchange && exchange.feeIds?.includes(fee.id))),
        );
        const canSave = exchange.canEditDetails || exchange.editableVariantIds.length > 0;
        // The pickup points this exchange offers; each may have its own time in this cycle.
        const offered = new Set("shippingMethodIds" in exchange ? (exchange.shippingMethodIds ?? []) : []);
        const pickupPoints = editor.methods.filter((method) => method.group === "shipping" && method.kind === "pickup" && offered.has(method.id));
        // Every offered shipping method may hold so many orders in this cycle (docs/domain.md 12).
        const shippingOffered = editor.methods.filter((method) => method.group === "shipping" && offered.has(method.id));
        const caps = new Map(("shippingMethodCaps" in exchange ? (exchange.shippingMethodCaps ?? []) : []).map((cap) => [cap.shippingMethodId, cap]));
        const capsEditable = "canEditCaps" in exchange && exchange.canEditCaps === true;
        return (
          <LazyDetails
            key={exchange.distributor.id}
            id={`exchange-${exchange.distributor.id}`}
            className="exchange"
            initiallyOpen={
              cycle.outgoing.length <= 2 ||
              lastDistributor === exchange.distributor.id ||
              Boolean(filter) ||
              searchParams.get("open") === exchange.distributor.id
            }
            openHref={withParam(searchParams, "open", exchange.distributor.id, `exchange-${exchange.distributor.id}`)}
            openLabel={t("outgoing.show")}
            summary={
              <>
                <strong>{exchange.distributor.name}</strong>
                {exchange.readyFor ? (
                  <span className="muted">{t("common:format.labelValue", { label: t("outgoing.readyFor"), value: exchange.readyFor })}</span>
                ) : null}
                {"tags" in exchange && exchange.tags?.length
                  ? exchange.tags.map((tag) => (
                      <span key={tag} className="badge badge-neutral">
                        {tag}
                      </span>
                    ))
                  : null}
                {"visibility" in exchange && exchange.visibility === "unlisted" ? (
                  <span className="badge badge-neutral">{t("outgoing.unlistedBadge")}</span>
                ) : null}
                {exchange.variantsLocked ? <span className="badge badge-neutral">{t("outgoing.locked")}</span> : null}
                {exchange.permissionWithdrawn ? <span className="badge badge-upcoming">{t("permissionWithdrawn")}</span> : null}
              </>
            }
          >
            {() => (
              <div className="exchange-body">
                {"shareKey" in exchange && exchange.shareKey ? (
                  <ShareLink
                    link={`${appUrl}/shop/${exchange.distributor.id}?key=${exchange.shareKey}`}
                    distributorId={exchange.distributor.id}
                    canRenew={exchange.canEditDetails}
                  />
                ) : null}
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="save" />
                  <input type="hidden" name="distributorId" value={exchange.distributor.id} />
                  {!exchange.canEditDetails ? <p className="hint">{t("outgoing.onlyYourProducts")}</p> : null}
                  {"pickupInstructions" in exchange ? (
                    <>
                      <div className="form-row">
                        <TextField
                          label={t("outgoing.readyFor")}
                          hint={t("outgoing.readyForHint")}
                          name="readyFor"
                          defaultValue={failed ? String(failed.values?.readyFor ?? "") : exchange.readyFor}
                          error={failed?.fieldErrors?.readyFor}
                          maxLength={200}
                          readOnly={!exchange.canEditDetails}
                        />
                        <TextField
                          label={t("outgoing.readyOn")}
                          hint={t("outgoing.readyOnHint")}
                          type="date"
                          name="readyOn"
                          defaultValue={failed ? String(failed.values?.readyOn ?? "") : (exchange.readyOn ?? "")}
                          error={failed?.fieldErrors?.readyOn}
                          readOnly={!exchange.canEditDetails}
                        />
                      </div>
                      {pickupPoints.length ? (
                        <fieldset>
                          <legend>{t("outgoing.pickupTimes")}</legend>
                          <p className="hint">{t("outgoing.pickupTimesHint")}</p>
                          <div className="form-row">
                            {pickupPoints.map((method) => (
                              <TextField
                                key={method.id}
                                label={t("outgoing.pickupTimeOf", { name: method.name })}
                                hint={method.openingHours ? t("outgoing.pickupTimeUsual", { hours: method.openingHours }) : t("outgoing.pickupTimeNoUsual")}
                                name={`pickupTime:${method.id}`}
                                placeholder={method.openingHours || undefined}
                                defaultValue={
                                  failed
                                    ? String(failed.values?.[`pickupTime:${method.id}`] ?? "")
                                    : "pickupTimes" in exchange
                                      ? (exchange.pickupTimes?.[method.id] ?? "")
                                      : ""
                                }
                                error={failed?.fieldErrors?.[`pickupTimes.${method.id}`]}
                                maxLength={120}
                                readOnly={!exchange.canEditDetails}
                              />
                            ))}
                          </div>
                        </fieldset>
                      ) : null}
                      {shippingOffered.length ? (
                        <fieldset>
                          <legend>{t("outgoing.caps")}</legend>
                          <p className="hint">{t("outgoing.capsHint")}</p>
                          {capsEditable ? <input type="hidden" name="capsShown" value="1" /> : null}
                          <div className="form-row">
                            {shippingOffered.map((method) => {
                              const cap = caps.get(method.id);
                              const field = `pickupCap:${method.id}`;
                              return (
                                <div key={method.id}>
                                  <TextField
                                    label={t("outgoing.capOf", { name: method.name })}
                                    hint={cap ? t("outgoing.capPlaced", { count: cap.placedOrders, max: cap.maxOrders }) : t("outgoing.capNone")}
                                    name={field}
                                    type="number"
                                    inputMode="numeric"
                                    min={1}
                                    step={1}
                                    className="qty-input"
                                    defaultValue={failed ? String(failed.values?.[field] ?? "") : (cap?.maxOrders.toString() ?? "")}
                                    error={failed?.fieldErrors?.[field]}
                                    readOnly={!capsEditable}
                                  />
                                  {cap && cap.placedOrders > cap.maxOrders ? (
                                    <p className="alert alert-warning" role="status">
                                      {t("outgoing.capBelowPlaced", { placed: cap.placedOrders, max: cap.maxOrders })}
                                    </p>
                                  ) : null}
                                </div>
                              );
                            })}
                          </div>
                          {failed?.fieldErrors?.shippingMethodCaps ? (
                            <div className="field-error" role="alert">
                              {failed.fieldErrors.shippingMethodCaps}
                            </div>
                          ) : null}
                        </fieldset>
                      ) : null}
                      <TextAreaField
                        label={t("outgoing.pickupInstructions")}
                        hint={t("outgoing.pickupInstructionsHint")}
                        name="pickupInstructions"
                        defaultValue={failed ? String(failed.values?.pickupInstructions ?? "") : exchange.pickupInstructions}
                        error={failed?.fieldErrors?.pickupInstructions}
                        maxLength={5000}
                        readOnly={!exchange.canEditDetails}
                      />
                      <TextField
                        label={t("outgoing.tags")}
                        hint={t("outgoing.tagsHint")}
                        name="tags"
                        defaultValue={failed ? String(failed.values?.tags ?? "") : (exchange.tags ?? []).join(", ")}
                        error={failed?.fieldErrors?.tags}
                        readOnly={!exchange.canEditDetails}
                      />
                      <fieldset>
                        <legend>{t("outgoing.visibility")}</legend>
                        <p className="hint">{t("outgoing.visibilityHint")}</p>
                        {(["listed", "unlisted"] as const).map((value) => (
                          <label key={value} className="checkbox">
                            <input
                              type="radio"
                              name="visibility"
                              value={value}
                              defaultChecked={(failed ? String(failed.values?.visibility ?? "") : exchange.visibility) === value}
                              disabled={!exchange.canEditDetails}
                            />
                            <span>{t(`outgoing.${value}`)}</span>
                          </label>
                        ))}
                        {failed?.fieldErrors?.visibility ? <p className="field-error">{failed.fieldErrors.visibility}</p> : null}
                      </fieldset>
                      {exchange.canLockVariants ? (
                        <>
                          <input type="hidden" name="lockShown" value="1" />
                          <label className="checkbox">
                            <input
                              type="checkbox"
                              name="variantsLocked"
                              defaultChecked={exchange.variantsLocked}
                              aria-describedby={`lock-hint-${exchange.distributor.id}`}
                            />
                            <span>{t("outgoing.lock")}</span>
                          </label>
                          <p className="hint" id={`lock-hint-${exchange.distributor.id}`}>
                            {t("outgoing.lockHint")}
                          </p>
                        </>
                      ) : null}
                      {fees.length ? (
                        <fieldset>
                          <legend>{t("outgoing.fees")}</legend>
                          <p className="hint">{t("outgoing.feesHint")}</p>
                          <input type="hidden" name="feesShown" value="1" />
                          {fees.map((fee) => (
                            <label key={fee.id} className="checkbox">
                              <input
                                type="checkbox"
                                name="feeIds"
                                value={fee.id}
                                defaultChecked={exchange.feeIds?.includes(fee.id)}
                                disabled={!(cycle.roles.coordinator || fee.ownerId === exchange.distributor.id)}
                              />
                              <span>
                                {fee.name}
                                <FeeCalculation fee={fee} />{" "}
                                <span className="muted">· {fee.ownerId === cycle.coordinator.id ? cycle.coordinator.name : exchange.distributor.name}</span>{" "}
                                {fee.archived ? <span className="badge badge-neutral">{t("common:archived")}</span> : null}
                              </span>
                            </label>
                          ))}
                        </fieldset>
                      ) : null}
                    </>
                  ) : null}
                  <h3>{t("outgoing.products")}</h3>
                  {exchange.variantsLocked && !cycle.roles.coordinator ? <p className="hint">{t("outgoing.lockedHint")}</p> : null}
                  {failed?.fieldErrors?.variantIds ? (
                    <p className="field-error" role="alert">
                      {failed.fieldErrors.variantIds}
                    </p>
                  ) : null}
                  {suppliers.every((incoming) => incoming.variantIds.length === 0) ? <p className="muted">{t("outgoing.noneToSell")}</p> : null}
                  {suppliers.map((incoming) => {
                    const variants = (editor.variantsBySupplier[incoming.supplier.id] ?? []).filter((variant) => incoming.variantIds.includes(variant.id));
                    if (variants.length === 0) return null;
                    const anyEditable = variants.some((variant) => editable.has(variant.id));
                    return (
                      <div key={incoming.supplier.id} className="stack">
                        <h4>{t("outgoing.fromSupplier", { name: incoming.supplier.name })}</h4>
                        {!anyEditable && exchange.canEditDetails && !(exchange.variantsLocked && !cycle.roles.coordinator) ? (
                          <p className="hint">{t("outgoing.notPermitted", { name: incoming.supplier.name })}</p>
                        ) : null}
                        <VariantChecklist
                          name="variantIds"
                          group={incoming.supplier.id}
                          variants={variants}
                          selected={exchange.variantIds}
                          editable={editable}
                          filter={filter}
                          caption={`${exchange.distributor.name} · ${incoming.supplier.name}`}
                        />
                      </div>
                    );
                  })}
                  {canSave ? (
                    <div className="form-actions">
                      <button type="submit" className="button">
                        {t("outgoing.save")}
                      </button>
                    </div>
                  ) : null}
                </Form>
                {exchange.canEditDetails ? (
                  <Announce
                    distributorId={exchange.distributor.id}
                    shop={exchange.distributor.name}
                    isOpen={cycle.state === "open"}
                    failed={failedFor(exchange.distributor.id)?.intent === "announce" ? failedFor(exchange.distributor.id) : undefined}
                  />
                ) : null}
                {cycle.roles.coordinator ? (
                  <ConfirmedRemoval
                    label={t("outgoing.remove")}
                    confirm={t("outgoing.removeConfirm", { name: exchange.distributor.name })}
                    fields={{ intent: "remove", distributorId: exchange.distributor.id }}
                  />
                ) : null}
              </div>
            )}
          </LazyDetails>
        );
      })}
      {canCheckout ? <NextStep to={`/admin/order-cycles/${cycle.id}/checkout`} label={t("next.toCheckout")} /> : null}
    </div>
  );
}

/**
 * The announcement of an open cycle to the distributor's consenting customers (docs/domain.md 13):
 * some tags, a message; each customer gets it once per cycle however often it is sent.
 */
function Announce({ distributorId, shop, isOpen, failed }: { distributorId: string; shop: string; isOpen: boolean; failed?: FormResult }) {
  const { t } = useT("notifications");
  const id = `announce-${distributorId}`;
  return (
    <section className="stack" aria-labelledby={id}>
      <h3 id={id}>{t("announce.title")}</h3>
      <p className="hint">{t("announce.lead", { shop })}</p>
      {!isOpen ? (
        <p className="hint">{t("announce.notOpen")}</p>
      ) : (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="announce" />
          <input type="hidden" name="distributorId" value={distributorId} />
          <TextField
            label={t("announce.tags")}
            hint={t("announce.tagsHint")}
            name="tags"
            defaultValue={typeof failed?.values?.tags === "string" ? failed.values.tags : ""}
            error={failed?.fieldErrors?.tags}
          />
          <TextAreaField
            label={t("announce.message")}
            hint={t("announce.messageHint")}
            name="message"
            rows={3}
            maxLength={2000}
            defaultValue={typeof failed?.values?.message === "string" ? failed.values.message : ""}
            error={failed?.fieldErrors?.message ?? failed?.fieldErrors?.orderCycleId}
          />
          <p className="hint">{t("announce.quietHours")}</p>
          <div className="form-actions">
            <button type="submit" className="button button-secondary">
              {t("announce.submit")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}

/** An unlisted sale's link, to copy, and a new one behind a confirmation (the old stops working). */
function ShareLink({ link, distributorId, canRenew }: { link: string; distributorId: string; canRenew: boolean }) {
  const { t } = useT("cycles");
  const id = `share-link-${distributorId}`;
  return (
    <section className="share-link stack">
      <label htmlFor={id}>
        <strong>{t("outgoing.shareLink")}</strong>
      </label>
      <div className="token-value">
        <input
          id={id}
          type="text"
          readOnly
          value={link}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={link} label={t("outgoing.copy")} copiedLabel={t("outgoing.copied")} />
      </div>
      <p id={`${id}-hint`} className="hint">
        {t("outgoing.shareLinkHint")}
      </p>
      {canRenew ? (
        <ConfirmedRemoval label={t("outgoing.newLink")} confirm={t("outgoing.newLinkConfirm")} fields={{ intent: "newLink", distributorId }} />
      ) : null}
    </section>
  );
}
