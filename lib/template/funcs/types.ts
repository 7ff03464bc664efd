/**
 * The contract between the template executor and the function library.
 *
 * Go checks every call by reflection: each function has a Go signature, untyped template constants are converted
 * to the parameter type, and a value of the wrong Go type is an error ("wrong type for value; expected string; got
 * float64"). So every function here declares its Go parameter types; the executor (lib/template/exec) does the
 * checking and conversion, and the function receives arguments that already fit its signature.
 */
import type { GoValue } from "../value";

/** Go parameter types that appear in Helm's function signatures. Anything else is treated like `interface {}`. */
export type GoParamType =
  | "interface {}"
  | "string"
  | "bool"
  | "int"
  | "int64"
  | "float64"
  | "uint32"
  | "[]interface {}"
  | "[]string"
  | "[]byte"
  | "map[string]interface {}"
  | "time.Time"
  | "reflect.Value";

/** What a function may use from its surroundings: everything non-deterministic is injected so tests and the browser control it. */
export interface FuncContext {
  /** The current time (Sprig's now, date functions without a time argument). */
  now(): Date;
  /** Cryptographically strong random bytes (randAlphaNum, uuidv4, genPrivateKey, …). */
  randomBytes(n: number): Uint8Array;
  /** IANA name of the local time zone Go's time.Local stands for (default "UTC"). */
  timeZone: string;
  /**
   * A native RSA key generator, when the platform has one (Node's OpenSSL). Key generation is the slowest thing a
   * chart can ask for (a 4096-bit key takes seconds in pure JavaScript); without it the library generates keys itself.
   */
  generateRsaKey?(bits: number): RsaKeyComponents;
  /**
   * A native RSASSA-PKCS1-v1_5 SHA-256 signer, when the platform has one (Node's OpenSSL): certificates made by
   * genCA/genSignedCert are signed with it. The signature is deterministic, so it gives the same bytes as the
   * library's own BigInt signer, which is used without it.
   */
  signRsaSha256?(key: RsaKeyComponents, message: Uint8Array): Uint8Array;
  /**
   * A native message digest, when the platform has one (Node's OpenSSL): sha1sum/sha256sum/sha512sum use it for
   * the same bytes ten times faster than the library's JavaScript hashes (charts hash whole rendered config files
   * for their checksum annotations).
   */
  digest?(algorithm: DigestAlgorithm, data: Uint8Array): Uint8Array;
}

export type DigestAlgorithm = "sha1" | "sha256" | "sha512";

/** An RSA private key's numbers (PKCS #1), as big integers. */
export interface RsaKeyComponents {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
}

export interface TemplateFunction {
  /** Fixed parameter types, in order. */
  params: readonly GoParamType[];
  /** Element type of a trailing `...T` parameter, when the function is variadic. */
  variadic?: GoParamType;
  /**
   * Work that does not show in the size of the arguments and the result (key generation, password hashing): the
   * render's deadline is checked right after each call.
   */
  slow?: boolean;
  /**
   * Calls the function. Throw `FuncError` for a Go error return or a recovered panic: the executor reports it as
   * `error calling <name>: <message>`.
   */
  call(ctx: FuncContext, args: GoValue[]): GoValue;
}

export type FunctionTable = Record<string, TemplateFunction>;

/** A function's error return value, or a panic it raised. */
export class FuncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FuncError";
  }
}
