// GET /uploads/:name: an uploaded file kept under DATA_DIR/uploads. Its name is its content's
// hash, so it never changes and may be cached for a year (with S3 the bucket serves the files).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { IMMUTABLE_CACHE_CONTROL, readUploadedFile } from "#app/storage/files.server";

const typeOf = { webp: "image/webp", jpg: "image/jpeg" } as const;

export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.name ?? "";
  const body = await readUploadedFile(name);
  if (!body) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": typeOf[name.endsWith(".webp") ? "webp" : "jpg"],
      "Content-Length": String(body.byteLength),
      "Cache-Control": IMMUTABLE_CACHE_CONTROL,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
