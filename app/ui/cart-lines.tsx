// The lines and per-order fees of a cart, as the shop's side panel and the checkout summary show them.
import { Form } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { describeAdjustmentCoverWith, type AdjustmentCover } from "#app/domain/fees/descriptions";
import { formatPercent } from "#app/i18n/format";
import { casesOf } from "#app/domain/orders/cases";
import { Money } from "./money";

/** An order adjustment's name and what it covers, so two charges of the same fee read apart. */
function AdjustmentLabel({ label, cover }: { label: string; cover: string }) {
  return (
    <span className="adjustment-label">
      {label}
      {cover ? <span className="muted"> · {cover}</span> : null}
    </span>
  );
}

/** " · 2 cases of 6" after a quantity of whole cases; nothing for a variant sold singly. */
export function CasesOf({ quantity, unitsPerCase }: { quantity: number; unitsPerCase: number }) {
  const { t } = useT("shop");
  const cases = casesOf(quantity, unitsPerCase);
  if (!cases) return null;
  return <span className="muted cart-line-cases"> · {t("shop.cases", { count: cases.cases, size: cases.size })}</span>;
}

type CartLike = {
  /** `unitsPerCase`: a line sold by the case also reads in cases ("2 cases of 6"). */
  lines: { variantId: string; quantity: number; productName: string; variantName: string; totalCents: number; unitsPerCase?: number }[];
  adjustments: ({ label: string; amountCents: number } & AdjustmentCover)[];
};

/** `removableIn`: the cart's cycle, to give each line a button that takes it out (the shop's cart form). */
export function CartLines({ cart, className, removableIn }: { cart: CartLike; className?: string; removableIn?: string }) {
  const { t } = useT("shop");
  const { t: tFees } = useT("fees");
  return (
    <>
      <ul className={["list-plain", className].filter(Boolean).join(" ")}>
        {cart.lines.map((line) => (
          <li key={line.variantId} className="row">
            <span className="cart-line-name">
              {line.quantity} × {line.productName} <span className="muted">({line.variantName})</span>
              <CasesOf quantity={line.quantity} unitsPerCase={line.unitsPerCase ?? 1} />
            </span>
            <Money cents={line.totalCents} />
            {removableIn ? (
              <Form method="post" className="cart-line-remove" preventScrollReset>
                <input type="hidden" name="orderCycleId" value={removableIn} />
                <input type="hidden" name="variantId" value={line.variantId} />
                <button
                  type="submit"
                  name="quantity"
                  value="0"
                  className="button button-quiet button-small"
                  aria-label={t("shop.removeLine", { name: `${line.productName} (${line.variantName})` })}
                >
                  ×
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {cart.adjustments.map((adjustment, index) => (
        <div key={index} className="row cart-fee">
          <AdjustmentLabel label={adjustment.label} cover={describeAdjustmentCoverWith(tFees, adjustment)} />
          <Money cents={adjustment.amountCents} />
        </div>
      ))}
    </>
  );
}

/** An order table's closing rows: each per-order fee with what it covers, the total, and the tax it includes by rate. */
export function OrderTotalRows({
  adjustments,
  totalCents,
  taxByRate,
}: {
  adjustments: readonly (AdjustmentCover & { label: string; amountCents: number })[];
  totalCents: number;
  taxByRate: readonly { rateBasisPoints: number; taxCents: number }[];
}) {
  const { t, i18n } = useT("shop");
  const { t: tFees } = useT("fees");
  return (
    <>
      {adjustments.map((adjustment, index) => (
        <tr key={`adj-${index}`}>
          <td colSpan={2}>
            <AdjustmentLabel label={adjustment.label} cover={describeAdjustmentCoverWith(tFees, adjustment)} />
          </td>
          <td className="hide-narrow" />
          <td className="num">
            <Money cents={adjustment.amountCents} />
          </td>
        </tr>
      ))}
      <tr className="total-row">
        <th scope="row" colSpan={2}>
          {t("shop.total")}
        </th>
        <td className="hide-narrow" />
        <td className="num">
          <strong>
            <Money cents={totalCents} />
          </strong>
        </td>
      </tr>
      {taxByRate.map((tax) => (
        <tr key={`tax-${tax.rateBasisPoints}`} className="muted small">
          <td colSpan={2}>{t("checkout.taxIncluded", { rate: formatPercent(tax.rateBasisPoints / 100, i18n.language) })}</td>
          <td className="hide-narrow" />
          <td className="num">
            <Money cents={tax.taxCents} />
          </td>
        </tr>
      ))}
    </>
  );
}
