// A product's image: an upload decoded and checked with sharp (docs/quality.md R15), resized into
// the sizes of ./images as WebP and JPEG, written to storage, then recorded; and its removal.
// Every refusal happens before anything is written, so a refused upload stores nothing.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import sharp, { type Metadata } from "sharp";
import { getDb } from "#db/connection.server";
import { productImages, products } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError, invalidField } from "#app/domain/errors";
import { absoluteBaseUrl, fileStorage } from "#app/storage/files.server";
import { productForCommand } from "./load.server";
import {
  ACCEPTED_IMAGE_FORMATS,
  IMAGE_SIZE_NAMES,
  imageFileName,
  imageFileNames,
  imageUrls,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  sizeOf,
  type ImageFacts,
  type ImageSizeName,
} from "./images";

// Decoded pixels are not kept between uploads: memory stays flat (docs/quality.md P6).
sharp.cache(false);

type ProcessedFile = { name: string; body: Uint8Array; contentType: string; width: number; height: number };
type ProcessedImage = { hash: string; width: number; height: number; files: ProcessedFile[] };

const imageError = (key: string) => invalidField("image", key, { maxMegabytes: MAX_IMAGE_BYTES / 1024 / 1024 });

/**
 * Checks and resizes an upload in memory. What the bytes are decides, not what they were sent as:
 * only JPEG, PNG and WebP are read (an SVG may carry script, and is refused), the dimensions in
 * the header are checked before any pixel is decoded, and the decoder stops at the same limit.
 */
async function processImage(bytes: Uint8Array): Promise<ProcessedImage> {
  if (bytes.byteLength === 0) throw imageError("imageMissing");
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw imageError("imageTooLarge");
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw imageError("notAnImage");
  }
  if (metadata.format === "svg") throw imageError("imageSvg");
  if (!(ACCEPTED_IMAGE_FORMATS as readonly string[]).includes(metadata.format ?? "")) throw imageError("imageFormat");
  const { width, height } = metadata.autoOrient ?? metadata;
  if (!width || !height) throw imageError("notAnImage");
  if (width * height > MAX_IMAGE_PIXELS) throw imageError("imageTooManyPixels");
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  const upright = { width, height };
  try {
    // One decode, upright and without its metadata (EXIF may hold where a photo was taken).
    const decoded = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning" }).rotate();
    // A narrow upload's sizes may be one width: each width is made once.
    const targets = [...new Map(IMAGE_SIZE_NAMES.map((size) => sizeOf(upright, size)).map((dims) => [dims.width, dims])).values()];
    const files = await Promise.all(
      targets.flatMap((dims) => {
        const target = dims.width;
        const resized = () => decoded.clone().resize({ width: target, height: dims.height, fit: "fill" });
        return [
          resized()
            .webp({ quality: 80 })
            .toBuffer()
            .then((body) => ({ name: imageFileName(hash, target, "webp"), body, contentType: "image/webp", ...dims })),
          resized()
            .flatten({ background: "#ffffff" })
            .jpeg({ quality: 82, mozjpeg: true })
            .toBuffer()
            .then((body) => ({ name: imageFileName(hash, target, "jpg"), body, contentType: "image/jpeg", ...dims })),
        ];
      }),
    );
    return { hash, width, height, files };
  } catch {
    // A truncated or damaged file: its header read, its pixels did not.
    throw imageError("imageDamaged");
  }
}

export type ProductImageJson = { id: string; urls: Record<ImageSizeName, string> };

function productImageJson(image: ImageFacts, baseUrl = absoluteBaseUrl()): ProductImageJson {
  return { id: image.id, urls: imageUrls(baseUrl, image) };
}

/** Removes an image's files unless another product's image is the same upload. */
async function removeFilesIfUnused(image: { hash: string; width: number; height: number }) {
  const [used] = await getDb().select({ id: productImages.id }).from(productImages).where(eq(productImages.hash, image.hash)).limit(1);
  if (used) return;
  const storage = fileStorage();
  await Promise.all(imageFileNames(image).map((name) => storage.remove(name)));
}

/**
 * Sets a product's image from an upload, replacing the one it had; the product's catalogue
 * managers only. `upload` reads the body once access is granted: an outsider's ten megabytes are
 * not read at all.
 */
export async function setProductImage(actor: Actor, productId: string, upload: () => Promise<Uint8Array>): Promise<ProductImageJson> {
  await productForCommand(actor, productId, "manage");
  const processed = await processImage(await upload());
  const storage = fileStorage();
  // Files first, then the row: a row never points at files that are not there.
  await Promise.all(processed.files.map((file) => storage.put(file.name, file.body, file.contentType)));
  const { image, replaced } = await getDb().transaction(async (tx) => {
    // The product's row lock puts two uploads to one product one after the other.
    const locked = await tx.execute(sql`select id from ${products} where id = ${productId} and archived_at is null for update`);
    if (locked.length === 0) throw new DomainError("not_found");
    const replaced = await tx.delete(productImages).where(eq(productImages.productId, productId)).returning();
    const [image] = await tx.insert(productImages).values({ productId, hash: processed.hash, width: processed.width, height: processed.height }).returning();
    return { image, replaced: replaced[0] };
  });
  if (replaced && replaced.hash !== image.hash) await removeFilesIfUnused(replaced);
  return productImageJson(image);
}

/** Removes a product's image and, when no other product shows the same one, its files. Nothing to remove is no error. */
export async function removeProductImage(actor: Actor, productId: string): Promise<void> {
  await productForCommand(actor, productId, "manage");
  const [removed] = await getDb()
    .delete(productImages)
    .where(
      and(eq(productImages.productId, productId), sql`exists (select 1 from ${products} p where p.id = ${productImages.productId} and p.archived_at is null)`),
    )
    .returning();
  if (removed) await removeFilesIfUnused(removed);
}

/** The current image of a product, if any. */
export async function productImageOf(productId: string): Promise<ImageFacts | undefined> {
  const [image] = await getDb()
    .select({ id: productImages.id, hash: productImages.hash, width: productImages.width, height: productImages.height })
    .from(productImages)
    .where(eq(productImages.productId, productId));
  return image;
}
