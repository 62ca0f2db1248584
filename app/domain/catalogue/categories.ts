// The instance's product categories: a fixed list so that shops filter alike and the CSV import
// can refuse an unknown one. Labels live in locales/*/catalogue.json under "categories".
export const productCategories = ["vegetables", "fruit", "dairy", "eggs", "meat", "fish", "bakery", "pantry", "drinks", "flowers-plants", "other"] as const;

export type ProductCategory = (typeof productCategories)[number];

export function isProductCategory(value: string): value is ProductCategory {
  return (productCategories as readonly string[]).includes(value);
}
