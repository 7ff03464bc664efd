/**
 * Go's slash-separated path functions (path.Base, Dir, Clean, Ext, IsAbs), which Sprig exposes as base, dir,
 * clean, ext, isAbs and, through path/filepath on Linux with identical results, as osBase, osDir, ….
 */
import { fn, strArg } from "./define";
import type { FunctionTable } from "./types";

/** path.Clean: lexical processing of ".", ".." and repeated slashes. */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const parts: string[] = [];
  for (const segment of p.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
      else if (!rooted) parts.push("..");
      continue;
    }
    parts.push(segment);
  }
  const joined = parts.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

export function basePath(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf("/") + 1));
}

export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== "/"; i--) if (p[i] === ".") return p.slice(i);
  return "";
}

export function pathFunctions(): FunctionTable {
  const s1 = (f: (s: string) => string | boolean) => fn(["string"], ([s]) => f(strArg(s)));
  const isAbs = (p: string) => p.startsWith("/");
  return {
    base: s1(basePath),
    dir: s1(dirPath),
    clean: s1(cleanPath),
    ext: s1(extPath),
    isAbs: s1(isAbs),
    osBase: s1(basePath),
    osDir: s1(dirPath),
    osClean: s1(cleanPath),
    osExt: s1(extPath),
    osIsAbs: s1(isAbs),
  };
}
