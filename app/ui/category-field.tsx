// A product's category, chosen from the instance's list (app/domain/catalogue/categories.ts).
import { productCategories } from "#app/domain/catalogue/categories";
import { useT } from "#app/i18n/use-t";
import { SelectField } from "./form";

export function CategoryField({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const { t } = useT("catalogue");
  return (
    <SelectField
      label={t("fields.category")}
      hint={t("fields.categoryHint")}
      name="category"
      defaultValue={defaultValue}
      error={error}
      options={[{ value: "", label: t("fields.noCategory") }, ...productCategories.map((key) => ({ value: key, label: t(`categories.${key}`) }))]}
    />
  );
}
