// A list of variants to tick, with select all / none and a live count; works without JavaScript.
import { useId, useRef, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { formatMoney } from "#app/i18n/format";

export type ChecklistVariant = { id: string; productName: string; variantName: string; priceCents: number; stock: number | null };

export function VariantChecklist({
  name,
  variants,
  selected,
  editable,
  filter = "",
  caption,
  group = "",
}: {
  name: string;
  variants: ChecklistVariant[];
  selected: readonly string[];
  /** Ids the viewer may toggle; others are shown read-only. */
  editable: ReadonlySet<string>;
  filter?: string;
  caption: string;
  /** Tells apart several checklists in one form: the no-JavaScript select-all sends "all:<group>". */
  group?: string;
}) {
  const { t, i18n } = useT("cycles");
  const container = useRef<HTMLDivElement>(null);
  // Several lists on one page hold the same variant (one per distributor): ids scoped to this list
  // keep a label from ticking the box of another list.
  const scope = useId();
  const [count, setCount] = useState(selected.filter((id) => variants.some((v) => v.id === id)).length);
  const recount = () => setCount(container.current?.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`).length ?? count);
  const setAll = (checked: boolean) => (event: React.MouseEvent) => {
    event.preventDefault();
    container.current?.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${name}"]:not(:disabled)`).forEach((box) => {
      const row = box.closest("tr");
      if (!row || !row.hidden) box.checked = checked;
    });
    // Ticks set by a script fire no event: tell the page (its unsaved-changes guard, this count) they changed.
    container.current?.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const needle = filter.trim().toLowerCase();
  const matches = (v: ChecklistVariant) => !needle || `${v.productName} ${v.variantName}`.toLowerCase().includes(needle);
  const anyEditable = variants.some((v) => editable.has(v.id));

  return (
    <div ref={container} className="variant-checklist" onChange={recount}>
      <div className="row checklist-toolbar">
        <span className="muted" aria-live="polite">
          {t("incoming.variantsSelected", { selected: count, total: variants.length })}
        </span>
        {anyEditable ? (
          <>
            <button type="submit" name="bulk" value={group ? `all:${group}` : "all"} className="button button-quiet button-small" onClick={setAll(true)}>
              {t("incoming.selectAll")}
            </button>
            <button type="submit" name="bulk" value={group ? `none:${group}` : "none"} className="button button-quiet button-small" onClick={setAll(false)}>
              {t("incoming.selectNone")}
            </button>
          </>
        ) : null}
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="check-col">
                <span className="visually-hidden">{t("incoming.selectAll")}</span>
              </th>
              <th scope="col">{t("common:nav.products")}</th>
              <th scope="col" className="num">
                {t("incoming.price")}
              </th>
              <th scope="col" className="num">
                {t("incoming.stock")}
              </th>
            </tr>
          </thead>
          <tbody>
            {variants.map((variant) => {
              const isSelected = selected.includes(variant.id);
              const canToggle = editable.has(variant.id);
              const inputId = `${scope}${name}-${variant.id}`;
              const visible = matches(variant);
              return (
                <tr key={variant.id} hidden={!visible} data-search={`${variant.productName} ${variant.variantName}`.toLowerCase()}>
                  <td className="check-col">
                    {canToggle ? (
                      <input id={inputId} type="checkbox" name={name} value={variant.id} defaultChecked={isSelected} />
                    ) : (
                      <input id={inputId} type="checkbox" checked={isSelected} disabled readOnly />
                    )}
                  </td>
                  <td>
                    <label htmlFor={inputId}>
                      {variant.productName} <span className="muted">· {variant.variantName}</span>
                    </label>
                  </td>
                  <td className="num money">{formatMoney(variant.priceCents, i18n.language)}</td>
                  <td className="num">
                    {variant.stock === null ? (
                      t("incoming.unlimited")
                    ) : variant.stock === 0 ? (
                      <span className="badge badge-neutral">{t("incoming.outOfStock")}</span>
                    ) : (
                      variant.stock
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Filters every checklist on the page as the user types (JavaScript only; the GET form is the fallback). */
export function ProductSearch({ defaultValue }: { defaultValue: string }) {
  const { t } = useT("cycles");
  const onInput = (event: React.FormEvent<HTMLInputElement>) => {
    const needle = event.currentTarget.value.trim().toLowerCase();
    document.querySelectorAll<HTMLTableRowElement>(".variant-checklist tr[data-search]").forEach((row) => {
      row.hidden = needle !== "" && !(row.dataset.search ?? "").includes(needle);
    });
    document.querySelectorAll<HTMLDetailsElement>("details.exchange").forEach((details) => {
      if (needle) details.open = Boolean(details.querySelector(".variant-checklist tr[data-search]:not([hidden])"));
    });
  };
  return (
    <form method="get" className="search-bar" role="search" onSubmit={(event) => event.preventDefault()}>
      <label htmlFor="product-search">{t("incoming.search")}</label>
      <input id="product-search" type="search" name="q" defaultValue={defaultValue} onInput={onInput} aria-describedby="product-search-hint" />
      <span id="product-search-hint" className="hint">
        {t("incoming.searchHint")}
      </span>
    </form>
  );
}
