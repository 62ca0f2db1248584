// The lines and per-order fees of a cart, as the shop's side panel and the checkout summary show them.
import { Form } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { Money } from "./money";

type CartLike = {
  lines: { variantId: string; quantity: number; productName: string; variantName: string; totalCents: number }[];
  adjustments: { label: string; enterpriseName?: string | null; amountCents: number }[];
};

/** `removableIn`: the cart's cycle, to give each line a button that takes it out (the shop's cart form). */
export function CartLines({ cart, className, removableIn }: { cart: CartLike; className?: string; removableIn?: string }) {
  const { t } = useT("shop");
  return (
    <>
      <ul className={["list-plain", className].filter(Boolean).join(" ")}>
        {cart.lines.map((line) => (
          <li key={line.variantId} className="row">
            <span className="cart-line-name">{line.quantity} × {line.productName} <span className="muted">({line.variantName})</span></span>
            <Money cents={line.totalCents} />
            {removableIn ? (
              <Form method="post" className="cart-line-remove" preventScrollReset>
                <input type="hidden" name="orderCycleId" value={removableIn} />
                <input type="hidden" name="variantId" value={line.variantId} />
                <button type="submit" name="quantity" value="0" className="button button-quiet button-small" aria-label={t("shop.removeLine", { name: `${line.productName} (${line.variantName})` })}>×</button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {cart.adjustments.map((adjustment, index) => (
        <div key={index} className="row cart-fee">
          <span className="muted">{adjustment.label}{adjustment.enterpriseName ? ` · ${adjustment.enterpriseName}` : ""}</span>
          <Money cents={adjustment.amountCents} />
        </div>
      ))}
    </>
  );
}
