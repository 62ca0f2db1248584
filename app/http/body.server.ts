// Request bodies read within a limit: refused from the declared Content-Length when it is over,
// else counted while read and abandoned as soon as they pass it (a CSV import, an image upload).
import { DomainError } from "#app/domain/errors";

export async function readBodyWithin(
  request: Request,
  maxBytes: number,
  tooLarge: () => DomainError = () => new DomainError("too_large"),
): Promise<Uint8Array> {
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}
