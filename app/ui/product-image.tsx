// A product's picture: WebP for browsers that read it, the JPEG otherwise, the size the browser
// needs from `srcset`, width and height given so nothing moves as it loads; a tile when there is none.
import { imageSrcSet, imageUrl, sizeOf, type ImageFacts, type ImageSizeName } from "#app/domain/catalogue/images";

type ProductImageProps = {
  image: ImageFacts | null;
  /** Where the files are read from (`/uploads`, or the bucket's public address). */
  baseUrl: string;
  /** The product's name: the placeholder's initial. */
  name: string;
  /** The text alternative: empty where the product's name stands beside it. */
  alt: string;
  /** The sizes offered to the browser, and the one whose dimensions the `img` carries. */
  offered: readonly ImageSizeName[];
  fallback: ImageSizeName;
  /** The CSS width the picture takes, as `sizes` says it. */
  sizes: string;
  className?: string;
  /** The list's pictures wait until they near the screen; a dialog's large one is wanted now. */
  lazy?: boolean;
};

export function ProductImage({ image, baseUrl, name, alt, offered, fallback, sizes, className = "", lazy = true }: ProductImageProps) {
  if (!image)
    return (
      <span className={`product-image product-image-placeholder ${className}`} aria-hidden="true">
        {name.trim().charAt(0).toUpperCase()}
      </span>
    );
  const { width, height } = sizeOf(image, fallback);
  return (
    <picture className={`product-image ${className}`}>
      <source type="image/webp" srcSet={imageSrcSet(baseUrl, image, offered, "webp")} sizes={sizes} />
      <img
        src={imageUrl(baseUrl, image, fallback)}
        srcSet={imageSrcSet(baseUrl, image, offered, "jpg")}
        sizes={sizes}
        width={width}
        height={height}
        alt={alt}
        loading={lazy ? "lazy" : undefined}
        decoding="async"
      />
    </picture>
  );
}
