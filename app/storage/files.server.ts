// Where uploaded files live: one interface over a folder under DATA_DIR (served by /uploads/:name)
// and an S3-compatible bucket (read from its public address). Names are content-hashed, so a file
// is written once and never changes: caches may keep it for a year.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { settings, type S3Settings } from "#app/config/settings.server";

export interface FileStorage {
  /** Writes a file under its (content-hashed) name; writing the same name again is harmless. */
  put(name: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Removes a file; an absent one is not an error. */
  remove(name: string): Promise<void>;
  /** The address a browser reads it from, without the name (`/uploads`, or the bucket's public URL). */
  readonly baseUrl: string;
}

/** A name the storage accepts: what images.ts makes (hex hash, size, extension), never a path. */
function isStoredName(name: string): boolean {
  return /^[0-9a-f]{32}-\d{1,5}\.(webp|jpg)$/.test(name);
}

function assertName(name: string) {
  if (!isStoredName(name)) throw new Error(`Not a stored file name: ${name}`);
}

function folderStorage(directory: string): FileStorage {
  return {
    baseUrl: "/uploads",
    async put(name, body) {
      assertName(name);
      await mkdir(directory, { recursive: true });
      // Written aside then renamed: a reader never sees half a file.
      const partial = path.join(directory, `.${name}.${process.pid}.${Date.now()}.part`);
      await writeFile(partial, body);
      await rename(partial, path.join(directory, name));
    },
    async remove(name) {
      assertName(name);
      await rm(path.join(directory, name), { force: true });
    },
  };
}

function bucketStorage(s3: S3Settings): FileStorage {
  const client = new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    // Services other than AWS (MinIO, Garage, Ceph) address buckets by path.
    forcePathStyle: Boolean(s3.endpoint),
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  return {
    baseUrl: s3.publicUrl,
    async put(name, body, contentType) {
      assertName(name);
      await client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: name,
          Body: body,
          ContentType: contentType,
          CacheControl: IMMUTABLE_CACHE_CONTROL,
        }),
      );
    },
    async remove(name) {
      assertName(name);
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: name }));
    },
  };
}

export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

let current: { key: string; storage: FileStorage } | undefined;

/** This instance's storage: the bucket when S3_BUCKET is set, else DATA_DIR/uploads. */
export function fileStorage(): FileStorage {
  const uploads = settings().uploads;
  // Keyed by the settings, so a test that reloads them with another DATA_DIR gets its own folder.
  const key = uploads.s3 ? `s3:${uploads.s3.bucket}:${uploads.s3.endpoint ?? ""}` : `dir:${uploads.directory}`;
  if (current?.key !== key) current = { key, storage: uploads.s3 ? bucketStorage(uploads.s3) : folderStorage(uploads.directory) };
  return current.storage;
}

/** The storage's address as an API answers it: absolute, so a client elsewhere can fetch the files. */
export function absoluteBaseUrl(): string {
  const base = fileStorage().baseUrl;
  return base.startsWith("/") ? `${settings().appUrl}${base}` : base;
}

/** A file of DATA_DIR/uploads for the /uploads route, or undefined when there is none of that name. */
export async function readUploadedFile(name: string): Promise<Buffer | undefined> {
  if (!isStoredName(name)) return undefined;
  try {
    return await readFile(path.join(settings().uploads.directory, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
