/**
 * Sprig's encodings and checksums: base64/base32 (StdEncoding, padded; a decode error returns Go's error text
 * as the result) and sha1/sha256/sha512/adler32 of the UTF-8 bytes.
 */
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { fn, fromUtf8, strArg, utf8 } from "./define";
import type { DigestAlgorithm, FunctionTable, TemplateFunction } from "./types";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

class CorruptInput extends Error {
  constructor(
    readonly offset: number,
    encoding: string,
  ) {
    super(`illegal ${encoding} data at input byte ${offset}`);
  }
}

export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = [B64[(n >> 18) & 63], B64[(n >> 12) & 63], B64[(n >> 6) & 63], B64[n & 63]];
    const missing = i + 3 - bytes.length;
    out += chars.slice(0, 4 - Math.max(missing, 0)).join("") + "=".repeat(Math.max(missing, 0));
  }
  return out;
}

/** encoding/base64 StdEncoding.DecodeString, including where it reports corrupt input; CR and LF are skipped. */
export function base64Decode(text: string): Uint8Array {
  const src = utf8(text);
  const out: number[] = [];
  let si = 0;
  const isNewline = (c: number) => c === 10 || c === 13;
  while (si < src.length) {
    const quantum: number[] = [];
    let dlen = 4;
    let trailingError: number | null = null;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInput(si - j, "base64");
      }
      const c = src[si++];
      const v = B64.indexOf(String.fromCharCode(c));
      if (v >= 0 && c < 128) {
        quantum.push(v);
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw new CorruptInput(si - 1, "base64");
      if (j < 2) throw new CorruptInput(si - 1, "base64");
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new CorruptInput(src.length, "base64");
        if (src[si] !== 0x3d) throw new CorruptInput(si - 1, "base64");
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailingError = si;
      dlen = j;
      break;
    }
    while (quantum.length < 4) quantum.push(0);
    const n = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailingError !== null) throw new CorruptInput(trailingError, "base64");
  }
  return Uint8Array.from(out);
}

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Array.from({ length: 8 }, (_, k) => B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)]);
    const used = [0, 2, 4, 5, 7, 8][chunk.length];
    out += chars.slice(0, used).join("") + "=".repeat(8 - used);
  }
  return out;
}

/** encoding/base32 StdEncoding.DecodeString (newlines stripped first, as Go does). */
export function base32Decode(text: string): Uint8Array {
  const src = utf8(text).filter((c) => c !== 10 && c !== 13);
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < src.length && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === src.length) throw new CorruptInput(olen - (src.length - pos) - j, "base32");
      const c = src[pos++];
      const remaining = src.length - pos;
      if (c === 0x3d && j >= 2 && remaining < 8) {
        if (remaining + j < 7) throw new CorruptInput(olen, "base32");
        for (let k = 0; k < 7 - j; k++) {
          if (remaining > k && src[pos + k] !== 0x3d) throw new CorruptInput(olen - remaining + k - 1, "base32");
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInput(olen - remaining - 1, "base32");
        break;
      }
      const v = B32.indexOf(String.fromCharCode(c));
      if (v < 0 || c >= 128) throw new CorruptInput(olen - remaining - 1, "base32");
      dbuf[j++] = v;
    }
    let bits = 0n;
    for (const v of dbuf) bits = (bits << 5n) | BigInt(v);
    const bytes = Array.from({ length: 5 }, (_, k) => Number((bits >> BigInt(32 - 8 * k)) & 255n));
    out.push(...bytes.slice(0, [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen]));
  }
  return Uint8Array.from(out);
}

function decodeToText(decode: (s: string) => Uint8Array, s: string): string {
  try {
    return fromUtf8(decode(s));
  } catch (e) {
    if (e instanceof CorruptInput) return e.message;
    throw e;
  }
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

const JS_DIGESTS: Record<DigestAlgorithm, (data: Uint8Array) => Uint8Array> = { sha1, sha256, sha512 };

/** The hex digest of a string's UTF-8 bytes: the platform's digest when the context offers one, ours otherwise. */
function digestFunction(algorithm: DigestAlgorithm): TemplateFunction {
  return fn(["string"], ([s], ctx) => {
    const data = utf8(strArg(s));
    return bytesToHex(ctx.digest ? ctx.digest(algorithm, data) : JS_DIGESTS[algorithm](data));
  });
}

export function encodingFunctions(): FunctionTable {
  const s1 = (f: (s: string) => string) => fn(["string"], ([s]) => f(strArg(s)));
  return {
    b64enc: s1((s) => base64Encode(utf8(s))),
    b64dec: s1((s) => decodeToText(base64Decode, s)),
    b32enc: s1((s) => base32Encode(utf8(s))),
    b32dec: s1((s) => decodeToText(base32Decode, s)),
    sha1sum: digestFunction("sha1"),
    sha256sum: digestFunction("sha256"),
    sha512sum: digestFunction("sha512"),
    adler32sum: s1((s) => String(adler32(utf8(s)))),
  };
}
