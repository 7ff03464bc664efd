/**
 * Loading a chart from a directory on disk (Node only). Symlinks are followed like helm does, but only while
 * they stay inside the chart directory; ignored directories (.helmignore) are not descended into. The collected
 * entries then go through the same normalising entry as every other source (loadChartEntries).
 */
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ChartError } from "./errors";
import { IgnoreRules } from "./helmignore";
import { DEFAULT_LOAD_LIMITS } from "./limits";
import { loadChartEntries, type LoadOptions, type RawEntry } from "./load-chart";
import type { Chart } from "./types";

export async function loadChartDirectory(dir: string, options: LoadOptions = {}): Promise<Chart> {
  const limits = { ...DEFAULT_LOAD_LIMITS, ...options.limits };
  const absolute = path.resolve(dir);
  const root = await realpath(absolute).catch(() => {
    throw new ChartError(`path ${JSON.stringify(dir)} not found`, { file: dir });
  });
  const chartYamlPath = path.join(absolute, "Chart.yaml");
  const chartYaml = await stat(path.join(root, "Chart.yaml")).catch(() => null);
  if (!chartYaml) {
    throw new ChartError(`unable to detect chart at ${chartYamlPath}: open ${chartYamlPath}: no such file or directory`, { file: "Chart.yaml" });
  }
  let rules = new IgnoreRules();
  const ignoreText = await readFile(path.join(root, ".helmignore"), "utf8").catch(() => null);
  if (ignoreText !== null) rules = IgnoreRules.parse(ignoreText, path.join(dir, ".helmignore"));
  rules.addDefaults();

  const entries: RawEntry[] = [];
  let total = 0;
  const visiting = new Set<string>();

  async function walk(absolute: string, relative: string): Promise<void> {
    const real = await realpath(absolute);
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new ChartError(`${dir}: symbolic link ${JSON.stringify(relative)} points outside the chart (${real})`, { file: relative });
    }
    const info = await stat(real);
    if (info.isDirectory()) {
      if (relative !== "" && rules.ignores(relative, true)) return;
      // A link back to an ancestor would loop forever.
      if (visiting.has(real)) throw new ChartError(`${dir}: symbolic link loop at ${JSON.stringify(relative)}`, { file: relative });
      visiting.add(real);
      const names = (await readdir(absolute)).sort();
      for (const name of names) await walk(path.join(absolute, name), relative === "" ? name : `${relative}/${name}`);
      visiting.delete(real);
      return;
    }
    if (rules.ignores(relative, false)) return;
    if (!info.isFile()) {
      throw new ChartError(`cannot load irregular file ${relative} as it has file mode type bits set`, { file: relative });
    }
    if (info.size > limits.maxFileBytes) {
      throw new ChartError(`chart file ${JSON.stringify(relative)} is larger than the maximum file size ${limits.maxFileBytes}`, { file: relative });
    }
    total += info.size;
    if (total > limits.maxChartBytes) {
      throw new ChartError(`chart directory ${dir} is larger than the maximum size ${limits.maxChartBytes}`, { file: relative });
    }
    if (entries.length >= limits.maxEntries) throw new ChartError(`chart has more than the maximum of ${limits.maxEntries} files`, { file: relative });
    entries.push({ name: relative, data: new Uint8Array(await readFile(real)) });
  }

  await walk(root, "");
  return loadChartEntries(entries, { origin: dir, ...options });
}
