// Images for upload tests, made with sharp: plain pictures, and the files an upload must refuse
// (a truncated JPEG, a PNG decompression bomb, an SVG with a script, text, an oversize body).
import { once } from "node:events";
import { constants, createDeflate } from "node:zlib";
import sharp from "sharp";

export async function pictureOf(width: number, height: number, format: "jpeg" | "png" | "webp" = "jpeg", background = "#4a8c3f"): Promise<Buffer> {
  const base = sharp({ create: { width, height, channels: 3, background } });
  return format === "jpeg" ? base.jpeg().toBuffer() : format === "png" ? base.png().toBuffer() : base.webp().toBuffer();
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A real decompression bomb: a valid grey PNG of `side` × `side` pixels, all black, whose rows
 * compress to under a megabyte for 30,000 × 30,000 (900 megapixels once decoded).
 */
export async function pngBomb(side = 30_000): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const deflate = createDeflate({ level: 9, strategy: constants.Z_RLE });
  const parts: Buffer[] = [];
  deflate.on("data", (part: Buffer) => parts.push(part));
  const row = Buffer.alloc(side + 1); // filter byte 0, then black pixels
  for (let y = 0; y < side; y++) if (!deflate.write(row)) await once(deflate, "drain");
  deflate.end();
  await once(deflate, "end");
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", Buffer.concat(parts)),
    chunk("IEND", new Uint8Array()),
  ]);
}

export const svgWithScript = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><script>alert(document.cookie)</script><rect width="200" height="200" fill="red"/></svg>',
);
