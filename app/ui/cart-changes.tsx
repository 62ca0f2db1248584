// What changed in the buyer's cart since they filled it (a product gone, less stock), said once.
import { useT } from "#app/i18n/use-t";
import type { CartChange } from "#app/domain/shop/cart.server";

export function CartChanges({ changes }: { changes: readonly CartChange[] }) {
  const { t } = useT("shop");
  if (changes.length === 0) return null;
  return (
    <div className="alert alert-warning" role="status">
      <strong>{t("cartChanges.title")}</strong>
      <ul className="cart-changes">
        {changes.map((change, index) => (
          <li key={index}>
            {change.kind === "removed"
              ? t("cartChanges.removed", { product: change.productName, variant: change.variantName })
              : t("cartChanges.reduced", { product: change.productName, variant: change.variantName, from: change.from, to: change.to })}
          </li>
        ))}
      </ul>
    </div>
  );
}
