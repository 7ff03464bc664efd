/**
 * The storage encoding of a release, as helm's driver/util.go does it: JSON, gzip at best compression, standard
 * base64. Decoding also accepts payloads that are not gzipped (very old records), recognised by the gzip magic.
 */
import { gunzipSync, gzipSync, constants } from "node:zlib";
import { marshalRelease } from "./marshal";
import { parseRelease, type Release } from "./types";

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];
/** RFC 1952 "unknown" OS byte; Go's compress/gzip writes it, zlib writes 3 (Unix). Only cosmetic. */
const GZIP_OS_UNKNOWN = 255;

export function encodeRelease(release: Release): string {
  const json = Buffer.from(marshalRelease(release), "utf8");
  const gz = gzipSync(json, { level: constants.Z_BEST_COMPRESSION });
  gz[9] = GZIP_OS_UNKNOWN;
  return gz.toString("base64");
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The JSON text inside an encoded release, without validating it. */
export function decodeReleaseJson(encoded: string): string {
  let bytes = Buffer.from(encoded, "base64");
  if (isGzip(bytes)) bytes = gunzipSync(bytes);
  return bytes.toString("utf8");
}

export function decodeRelease(encoded: string): Release {
  return parseRelease(JSON.parse(decodeReleaseJson(encoded)));
}
