// Product images without a library: the limits of an upload, the sizes kept, and the names and
// addresses of the files (the browser builds the same addresses from a product's image facts).

/** The largest upload read (docs/api.md). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * The most pixels an upload may decode to: a 48-megapixel phone photo passes, a 30,000 × 30,000
 * decompression bomb (a few kilobytes that would need gigabytes to decode) does not.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** The formats an upload may be in, whatever its Content-Type says: what the bytes are decides. */
export const ACCEPTED_IMAGE_FORMATS = ["jpeg", "png", "webp"] as const;
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

/** The widths kept of each image, each as WebP and as a JPEG fallback; never wider than the upload. */
export const IMAGE_SIZES = { small: 160, medium: 480, large: 1024 } as const;
export type ImageSizeName = keyof typeof IMAGE_SIZES;
export const IMAGE_SIZE_NAMES = Object.keys(IMAGE_SIZES) as ImageSizeName[];
export type ImageFileFormat = "webp" | "jpg";

/** What a stored image is: its content hash (which names its files) and its upright dimensions. */
export type ImageFacts = { id: string; hash: string; width: number; height: number };

/** The dimensions of one size: the target width (or the upload's, when narrower), the height in proportion. */
export function sizeOf(image: { width: number; height: number }, size: ImageSizeName): { width: number; height: number } {
  const width = Math.min(IMAGE_SIZES[size], image.width);
  return { width, height: Math.max(1, Math.round((image.height * width) / image.width)) };
}

export function imageFileName(hash: string, width: number, format: ImageFileFormat): string {
  return `${hash}-${width}.${format}`;
}

/** Every file an image has, by size and format (two sizes of a narrow upload may share a file). */
export function imageFileNames(image: { hash: string; width: number; height: number }): string[] {
  const names = IMAGE_SIZE_NAMES.flatMap((size) => (["webp", "jpg"] as const).map((format) => imageFileName(image.hash, sizeOf(image, size).width, format)));
  return [...new Set(names)];
}

export function imageUrl(
  baseUrl: string,
  image: { hash: string; width: number; height: number },
  size: ImageSizeName,
  format: ImageFileFormat = "jpg",
): string {
  return `${baseUrl}/${imageFileName(image.hash, sizeOf(image, size).width, format)}`;
}

/** The JPEG address of each size, as the API answers them. */
export function imageUrls(baseUrl: string, image: { hash: string; width: number; height: number }): Record<ImageSizeName, string> {
  return { small: imageUrl(baseUrl, image, "small"), medium: imageUrl(baseUrl, image, "medium"), large: imageUrl(baseUrl, image, "large") };
}

/** A `srcset` of the given sizes in one format, for the browser to pick by the space the image takes. */
export function imageSrcSet(
  baseUrl: string,
  image: { hash: string; width: number; height: number },
  sizes: readonly ImageSizeName[],
  format: ImageFileFormat,
): string {
  const seen = new Map<number, string>();
  for (const size of sizes) {
    const { width } = sizeOf(image, size);
    seen.set(width, `${baseUrl}/${imageFileName(image.hash, width, format)} ${width}w`);
  }
  return [...seen.values()].join(", ");
}

/** Whether a Content-Type names a format an upload may be sent as. */
export function isAcceptedImageType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return (ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type);
}
