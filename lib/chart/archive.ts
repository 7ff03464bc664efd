/**
 * Reading a chart archive (.tgz) into chart files: gunzip with a running size check (so a decompression bomb is
 * stopped early, not after inflating it), untar with tar-stream, strip the top-level directory as helm does, and
 * refuse anything unsafe: paths outside the chart, links leaving it, devices, oversized entries.
 * Uses only web-standard APIs (DecompressionStream), so it runs in the browser as well as in Node.
 */
import * as tarStream from "tar-stream";
import { ChartError } from "./errors";
import { normaliseEntryPath, stripBom } from "./entry-paths";
import type { LoadBudget } from "./limits";
import type { ChartFile } from "./types";

async function gunzip(data: Uint8Array, maxOutput: number, origin: string, reportedLimit: number): Promise<Uint8Array> {
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; the writer promises only need to be observed.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxOutput) {
        await reader.cancel().catch(() => undefined);
        throw new ChartError(`${origin}: decompressed chart is larger than the maximum size ${reportedLimit}`, { file: origin });
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ChartError) throw e;
    throw new ChartError(`${origin}: invalid gzip data: ${(e as Error).message}`, { file: origin });
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** tar headers and padding cost up to about 1.5 KiB per entry on top of the file data. */
function tarOverhead(maxEntries: number): number {
  return maxEntries * 1536 + 10240;
}

async function collectEntry(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const c of stream) {
    chunks.push(c);
    total += c.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * Unpacks a gzipped tar chart. `origin` names the archive in errors. Paths in the result are relative to the
 * chart root (the archive's first path segment removed).
 */
export async function readChartArchive(archive: Uint8Array, origin: string, budget: LoadBudget): Promise<ChartFile[]> {
  const limits = budget.limits;
  if (archive.length > limits.maxArchiveBytes) {
    throw new ChartError(`${origin}: chart archive is larger than the maximum size ${limits.maxArchiveBytes}`, { file: origin });
  }
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) {
    throw new ChartError(`${origin}: file does not appear to be a gzipped archive`, { file: origin });
  }
  // Nested archives share the budget: never inflate more than what is left of it (plus tar's own overhead).
  const tarBytes = await gunzip(archive, budget.remaining() + tarOverhead(limits.maxEntries), origin, limits.maxChartBytes);
  const extract = tarStream.extract();
  const files = new Map<string, ChartFile>();
  const links: Array<{ name: string; target: string }> = [];
  extract.end(tarBytes);
  try {
    for await (const entry of extract) {
      const header = entry.header;
      const rawName = header.name;
      const parts = rawName.replace(/\\/g, "/").split("/");
      const where = `${origin}: entry ${JSON.stringify(rawName)}`;
      if (header.type === "directory") {
        entry.resume();
        continue;
      }
      if (parts[0] === "Chart.yaml") throw new ChartError(`${origin}: chart yaml not in base directory`, { file: rawName });
      const name = normaliseEntryPath(parts.slice(1).join("/"), origin);
      if (header.type === "symlink" || header.type === "link") {
        entry.resume();
        const target = header.linkname ?? "";
        const base = header.type === "symlink" ? name.split("/").slice(0, -1).join("/") : "";
        const joined = header.type === "symlink" ? (target.startsWith("/") || base === "" ? target : `${base}/${target}`) : target.split("/").slice(1).join("/");
        links.push({ name, target: resolveInside(joined, where) });
        continue;
      }
      if (header.type !== "file" && header.type !== "contiguous-file") {
        throw new ChartError(`${where} is not a regular file (${header.type})`, { file: name });
      }
      const size = header.size ?? 0;
      if (size > limits.maxFileBytes) {
        throw new ChartError(`${origin}: decompressed chart file ${JSON.stringify(rawName)} is larger than the maximum file size ${limits.maxFileBytes}`, {
          file: name,
        });
      }
      const problem = budget.take(size);
      if (problem) throw new ChartError(`${origin}: ${problem}`, { file: name });
      const data = stripBom(await collectEntry(entry as unknown as AsyncIterable<Uint8Array>));
      files.set(name, { name, data });
    }
  } catch (e) {
    if (e instanceof ChartError) throw e;
    throw new ChartError(`${origin}: invalid tar archive: ${(e as Error).message}`, { file: origin });
  }
  for (const link of links) {
    const target = files.get(link.target);
    if (!target) throw new ChartError(`${origin}: link ${JSON.stringify(link.name)} points to a missing file ${JSON.stringify(link.target)}`, { file: link.name });
    files.set(link.name, { name: link.name, data: target.data });
  }
  if (files.size === 0) throw new ChartError(`${origin}: no files in chart archive`, { file: origin });
  return [...files.values()];
}

/** Resolves `..` inside a link target; a target that would leave the chart is refused. */
function resolveInside(target: string, where: string): string {
  if (target.startsWith("/")) throw new ChartError(`${where} is a link leaving the chart (${JSON.stringify(target)})`);
  const out: string[] = [];
  for (const seg of target.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) throw new ChartError(`${where} is a link leaving the chart (${JSON.stringify(target)})`);
      out.pop();
    } else out.push(seg);
  }
  return out.join("/");
}
