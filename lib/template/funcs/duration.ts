/** Go's time.Duration in nanoseconds as bigint: ParseDuration, String and Round. */
import { quote } from "./strconv";

const NS = 1n;
const US = 1000n;
const MS = 1_000_000n;
const SEC = 1_000_000_000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const MAX_DURATION = (1n << 63n) - 1n;

const UNITS: Record<string, bigint> = { ns: NS, us: US, "µs": US, "μs": US, ms: MS, s: SEC, m: MIN, h: HOUR };

export class DurationError extends Error {}

/** time.ParseDuration */
export function parseDuration(s: string): bigint {
  const orig = s;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw new DurationError(`time: invalid duration ${quote(orig)}`);
  let exact = 0n;
  while (s !== "") {
    const m = /^(\d*)(\.(\d*))?/.exec(s)!;
    const intPart = m[1];
    const fracPart = m[3] ?? "";
    if (intPart === "" && fracPart === "") throw new DurationError(`time: invalid duration ${quote(orig)}`);
    s = s.slice(m[0].length);
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === "") throw new DurationError(`time: missing unit in duration ${quote(orig)}`);
    const unit = UNITS[u];
    if (unit === undefined) throw new DurationError(`time: unknown unit ${quote(u)} in duration ${quote(orig)}`);
    s = s.slice(u.length);
    let v = BigInt(intPart || "0") * unit;
    if (fracPart !== "") {
      // Go truncates the fraction's contribution to whole nanoseconds.
      const scale = 10n ** BigInt(fracPart.length);
      v += (BigInt(fracPart) * unit) / scale;
    }
    exact += v;
    if (exact > MAX_DURATION + (neg ? 1n : 0n)) throw new DurationError(`time: invalid duration ${quote(orig)}`);
  }
  return neg ? -exact : exact;
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = String(digit) + out;
    v /= 10n;
  }
  return [print ? "." + out : "", v];
}

/** Duration.String: "1h1m1s", "1.5s", "250ms", "0s". */
export function durationString(d: bigint): string {
  if (d === 0n) return "0s";
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SEC) {
    let unit: string;
    let prec: number;
    if (u < US) {
      unit = "ns";
      prec = 0;
    } else if (u < MS) {
      unit = "µs";
      prec = 3;
    } else {
      unit = "ms";
      prec = 6;
    }
    const [frac, whole] = fmtFrac(u, prec);
    out = String(whole) + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = String(u % 60n) + frac + "s";
    u /= 60n;
    if (u > 0n) {
      out = String(u % 60n) + "m" + out;
      u /= 60n;
      if (u > 0n) out = String(u) + "h" + out;
    }
  }
  return (neg ? "-" : "") + out;
}

/** Duration.Round: to the nearest multiple of m, halves away from zero. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    return d - m + r;
  }
  if (r + r < m) return d - r;
  return d + m - r;
}
