/**
 * Timestamps in Go's RFC3339Nano layout, which is how helm's release JSON carries every time field.
 * Hookline keeps them as strings so nanoseconds written by helm survive a read-modify-write unchanged.
 */

/** Go's zero time.Time as JSON; helm 4 writes it for chart.schemamodtime and lock.generated when unknown. */
export const GO_ZERO_TIME = "0001-01-01T00:00:00Z";

function pad(n: number | bigint, width: number): string {
  return n.toString().padStart(width, "0");
}

/**
 * Formats an instant as RFC3339Nano in UTC: fractional seconds with trailing zeros trimmed, none at all when zero.
 * `epochNanos` is nanoseconds since the Unix epoch.
 */
export function formatGoTimeNanos(epochNanos: bigint): string {
  const seconds = epochNanos / 1_000_000_000n - (epochNanos % 1_000_000_000n < 0n ? 1n : 0n);
  const fraction = epochNanos - seconds * 1_000_000_000n;
  const date = new Date(Number(seconds) * 1000);
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  const digits = pad(fraction, 9).replace(/0+$/, "");
  return base + (digits ? "." + digits : "") + "Z";
}

export function formatGoTime(date: Date): string {
  return formatGoTimeNanos(BigInt(date.getTime()) * 1_000_000n);
}

const hrBase = process.hrtime.bigint();
const wallBase = BigInt(Date.now()) * 1_000_000n;

/** The current time with nanosecond digits, like Go's time.Now() (monotonic from process start). */
export function nowGoTime(): string {
  return formatGoTimeNanos(wallBase + (process.hrtime.bigint() - hrBase));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC3339(Nano) timestamp to a Date (millisecond precision); undefined for "", null or junk. */
export function parseGoTime(text: string | null | undefined): Date | undefined {
  if (!text || !RFC3339.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isZeroGoTime(text: string | null | undefined): boolean {
  return !text || text.startsWith("0001-01-01T00:00:00");
}
