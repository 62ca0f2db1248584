// The edge of image uploads: a raw image body read within its limit (docs/api.md POST /products/:id/images),
// and a file input's image from a page's form.
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { DomainError, invalidField } from "#app/domain/errors";
import { isAcceptedImageType, MAX_IMAGE_BYTES } from "#app/domain/catalogue/images";
import { readBodyWithin } from "./body.server";

const maxMegabytes = MAX_IMAGE_BYTES / 1024 / 1024;

const imageTooLarge = () => new DomainError("too_large", { image: { key: "imageTooLarge", values: { maxMegabytes } } });

/** An `image/jpeg|png|webp` body of at most 10 MB; anything else is refused before (or while) it is read. */
export async function readImageBody(request: Request): Promise<Uint8Array> {
  if (!isAcceptedImageType(request.headers.get("Content-Type"))) throw invalidField("image", "imageFormat");
  return readBodyWithin(request, MAX_IMAGE_BYTES, imageTooLarge);
}

/** A page form is a little more than its file: its other fields and the multipart framing. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * The `image` file of a multipart page form, and its other fields. Over the limit it is refused
 * at the field: from the declared length before anything is read, else as soon as the file passes it.
 */
export async function readImageForm(request: Request): Promise<{ fields: Record<string, string>; bytes: Uint8Array }> {
  const tooLarge = () => invalidField("image", "imageTooLarge", { maxMegabytes });
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMAGE_BYTES + FORM_OVERHEAD_BYTES) throw tooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw tooLarge();
    throw new DomainError("malformed");
  }
  const fields: Record<string, string> = {};
  let bytes = new Uint8Array();
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") fields[name] = value;
    else if (name === "image") bytes = new Uint8Array(await value.arrayBuffer());
  }
  return { fields, bytes };
}
