// The lines and per-order fees of a cart, as the shop's side panel and the checkout summary show them.
import { Money } from "./money";

type CartLike = {
  lines: { variantId: string; quantity: number; productName: string; variantName: string; totalCents: number }[];
  adjustments: { label: string; enterpriseName?: string | null; amountCents: number }[];
};

export function CartLines({ cart, className }: { cart: CartLike; className?: string }) {
  return (
    <>
      <ul className={["list-plain", className].filter(Boolean).join(" ")}>
        {cart.lines.map((line) => (
          <li key={line.variantId} className="row">
            <span className="cart-line-name">{line.quantity} × {line.productName} <span className="muted">({line.variantName})</span></span>
            <Money cents={line.totalCents} />
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
