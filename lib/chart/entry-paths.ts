/**
 * The single path-normalising step every chart source goes through (directory, .tgz, in-memory file map):
 * backslashes become slashes, `.` segments and duplicate slashes go, and anything that could point outside the
 * chart is refused with the entry named. Helm's own messages are kept where helm has one.
 */
import { ChartError } from "./errors";

const WINDOWS_DRIVE = /^[a-zA-Z]:/;

export function normaliseEntryPath(name: string, origin: string): string {
  const slashed = name.replace(/\\/g, "/");
  if (slashed.includes("\0")) throw new ChartError(`${origin}: entry ${JSON.stringify(name)} contains a NUL byte`, { file: name });
  if (slashed.startsWith("/")) {
    throw new ChartError(`${origin}: chart illegally contains absolute paths (${JSON.stringify(name)})`, { file: name });
  }
  if (WINDOWS_DRIVE.test(slashed)) {
    throw new ChartError(`${origin}: chart contains illegally named files (${JSON.stringify(name)})`, { file: name });
  }
  const parts: string[] = [];
  for (const segment of slashed.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      throw new ChartError(`${origin}: chart illegally references parent directory (${JSON.stringify(name)})`, { file: name });
    }
    parts.push(segment);
  }
  if (parts.length === 0) {
    throw new ChartError(`${origin}: chart illegally contains content outside the base directory (${JSON.stringify(name)})`, { file: name });
  }
  return parts.join("/");
}

/** Removes a leading UTF-8 byte order mark, as helm does for every loaded file. */
export function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
}
