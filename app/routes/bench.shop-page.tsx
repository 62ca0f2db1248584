// The benchmark's floor for a shop page (docs/quality.md P1, signed-in buyer): a bare page route that
// renders the shop's fifty product rows (app/ui/shop-products) from constant data, so the
// framework's own cost of such a page is measured in the same run as the shop. The products are the
// shop's first page, read once on the first request and then kept: every later answer does no
// query. Absent (404) unless BENCH_ROUTES=1.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { settings } from "#app/config/settings.server";
import { shopProducts, type ShopProduct } from "#app/domain/shop/catalogue.server";
import { fileStorage } from "#app/storage/files.server";
import { ProducerGroups } from "#app/ui/shop-products";

const kept = new Map<string, Promise<ShopProduct[]>>();

export async function loader({ request }: LoaderFunctionArgs) {
  if (!settings().benchRoutes) throw new Response(null, { status: 404 });
  const url = new URL(request.url);
  const shopId = url.searchParams.get("shop") ?? "";
  const cycleId = url.searchParams.get("cycle") ?? "";
  const key = `${shopId}/${cycleId}`;
  if (!kept.has(key))
    kept.set(
      key,
      shopProducts(shopId, cycleId, {}).then((page) => page.items),
    );
  return { products: await kept.get(key)!, cycleId, imageBaseUrl: fileStorage().baseUrl };
}

export default function BenchShopPage() {
  const { products, cycleId, imageBaseUrl } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <main id="main" className="page shop-page">
      <div className="shop-layout">
        <section className="shop-products">
          <ProducerGroups products={products} cycleId={cycleId} imageBaseUrl={imageBaseUrl} inCart={() => 0} openBreakdown={null} searchParams={searchParams} />
        </section>
      </div>
    </main>
  );
}
