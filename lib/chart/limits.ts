/**
 * Size limits for loading untrusted charts. The defaults are helm's (100 MiB of decompressed chart, 5 MiB per
 * file); the others bound what helm leaves open: compressed archive size, entry count and archive nesting depth.
 */
export interface LoadLimits {
  /** Largest accepted .tgz, compressed. */
  maxArchiveBytes: number;
  /** Total size of all files of a chart, subcharts included (helm's MaxDecompressedChartSize). */
  maxChartBytes: number;
  /** Largest single file (helm's MaxDecompressedFileSize). */
  maxFileBytes: number;
  /** Most files in one chart, subcharts included. */
  maxEntries: number;
  /** Deepest nesting of .tgz subcharts inside charts/. */
  maxArchiveDepth: number;
}

export const DEFAULT_LOAD_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxArchiveBytes: 100 * 1024 * 1024,
  maxChartBytes: 100 * 1024 * 1024,
  maxFileBytes: 5 * 1024 * 1024,
  maxEntries: 20_000,
  maxArchiveDepth: 8,
});

/** One budget shared by a chart and everything nested in it, so many small archives cannot add up to a bomb. */
export class LoadBudget {
  private remainingBytes: number;
  private remainingEntries: number;

  constructor(readonly limits: LoadLimits) {
    this.remainingBytes = limits.maxChartBytes;
    this.remainingEntries = limits.maxEntries;
  }

  /** Bytes of file content still allowed. */
  remaining(): number {
    return Math.max(0, this.remainingBytes);
  }

  /** Returns an error message when the budget is exhausted, else null. */
  take(bytes: number): string | null {
    this.remainingEntries--;
    if (this.remainingEntries < 0) return `chart has more than the maximum of ${this.limits.maxEntries} files`;
    this.remainingBytes -= bytes;
    if (this.remainingBytes < 0) return `decompressed chart is larger than the maximum size ${this.limits.maxChartBytes}`;
    return null;
  }
}
