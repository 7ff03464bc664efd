/**
 * Password hashing with scrypt, the memory-hard KDF built into Node's crypto (OpenSSL): every guess costs an
 * attacker 64 MiB of memory. Stored form: `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised
 * later while old hashes still verify.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

const LOG_N = 16;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize("NFKC"), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

function options(logN: number, r: number, p: number): ScryptOptions {
  // Node refuses parameters above maxmem (32 MiB by default); allow what these parameters need, with headroom.
  return { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
}

export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, options(LOG_N, R, P));
  return ["scrypt", LOG_N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 22) return false;
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  const actual = await scrypt(password, salt, expected.length, options(logN, r, p));
  return timingSafeEqual(actual, expected);
}

/** A stored hash that matches no password, used to spend the same time on unknown usernames as on real ones. */
export const DECOY_HASH = `scrypt$${LOG_N}$${R}$${P}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`;
