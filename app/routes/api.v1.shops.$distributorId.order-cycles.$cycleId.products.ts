// GET /api/v1/shops/:distributorId/order-cycles/:cycleId/products?q=&category=&cursor=: priced products, 50 a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError, invalidField } from "#app/domain/errors";
import { isProductCategory } from "#app/domain/catalogue/categories";
import { shopProducts } from "#app/domain/shop/catalogue.server";
import { imageUrl } from "#app/domain/catalogue/images";
import { apiBuyer, jsonResponse, optionalCaller, publicApi } from "#app/http/api.server";
import { absoluteBaseUrl } from "#app/storage/files.server";

export async function loader(args: LoaderFunctionArgs) {
  return publicApi(args, async ({ request, params }) => {
    const caller = await optionalCaller(request);
    const url = new URL(request.url);
    const cursor = url.searchParams.get("cursor");
    if (cursor !== null && !/^\d{1,6}$/.test(cursor)) throw new DomainError("validation_failed", { cursor: { key: "invalid" } });
    const search = (url.searchParams.get("q") ?? "").slice(0, 100);
    const category = url.searchParams.get("category") ?? "";
    if (category && !isProductCategory(category)) throw invalidField("category", "unknownCategory");
    const page = await shopProducts(params.distributorId!, params.cycleId!, apiBuyer(request, caller), { search, category, page: cursor ? Number(cursor) : 1 });
    const imageBase = absoluteBaseUrl();
    return jsonResponse({
      items: page.items.map(
        ({ productId: _productId, description: _description, supplierId: _supplierId, supplierPriceCents: _supplierPrice, image, ...item }) => ({
          ...item,
          // The medium JPEG (480 px wide): every client reads it; null when the product has no image.
          imageUrl: image ? imageUrl(imageBase, image, "medium") : null,
        }),
      ),
      nextCursor: page.hasMore ? String(page.page + 1) : null,
    });
  });
}
