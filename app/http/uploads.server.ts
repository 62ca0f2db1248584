// The edge of image uploads: a raw image body read within its limit (docs/api.md POST /products/:id/images),
// and a file input's image from a page's form.
import { DomainError, invalidField } from "#app/domain/errors";
import { isAcceptedImageType, MAX_IMAGE_BYTES } from "#app/domain/catalogue/images";
import { readBodyWithin } from "./body.server";

const maxMegabytes = MAX_IMAGE_BYTES / 1024 / 1024;

export const imageTooLarge = () => new DomainError("too_large", { image: { key: "imageTooLarge", values: { maxMegabytes } } });

/** An `image/jpeg|png|webp` body of at most 10 MB; anything else is refused before (or while) it is read. */
export async function readImageBody(request: Request): Promise<Uint8Array> {
  if (!isAcceptedImageType(request.headers.get("Content-Type"))) throw invalidField("image", "imageFormat");
  return readBodyWithin(request, MAX_IMAGE_BYTES, imageTooLarge);
}
