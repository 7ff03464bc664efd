/**
 * Helm's `.Files` object (engine.files, a map[string][]byte with methods): Get, GetBytes, Glob, Lines, AsConfig,
 * AsSecrets, plus plain map access (`.Files.foo` is an empty byte slice) and ranging in sorted key order.
 */
import { GoMap, goSlice, type GoMethod, type GoValue } from "../../value";
import { FuncError } from "../../funcs/types";
import { formatValue } from "../../fmt";
import { marshalYaml } from "../../codec";
import { typedMethod, type MapLikeStruct } from "../reflect";
import { compileGlob } from "./glob";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "") return p === "" ? "." : "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Helm's toYAML: marshal, then drop one trailing newline; errors give "". */
function toYaml(v: GoValue): string {
  try {
    const s = marshalYaml(v);
    return s.endsWith("\n") ? s.slice(0, -1) : s;
  } catch {
    return "";
  }
}

export class HelmFiles implements MapLikeStruct {
  readonly goType = "engine.files";
  readonly goKind = "map" as const;
  private readonly methods: Record<string, GoMethod>;

  constructor(private readonly files: ReadonlyMap<string, Uint8Array>) {
    this.methods = {
      Get: typedMethod(["string"], (name) => decoder.decode(this.files.get(name as string) ?? new Uint8Array(0))),
      GetBytes: typedMethod(["string"], (name) => this.files.get(name as string) ?? new Uint8Array(0)),
      Glob: typedMethod(["string"], (pattern) => this.glob(pattern as string)),
      Lines: typedMethod(["string"], (name) => this.lines(name as string)),
      AsConfig: typedMethod([], () => this.asConfig()),
      AsSecrets: typedMethod([], () => this.asSecrets()),
    };
  }

  static fromEntries(entries: Iterable<readonly [string, Uint8Array | string]>): HelmFiles {
    const m = new Map<string, Uint8Array>();
    for (const [name, data] of entries) m.set(name, typeof data === "string" ? encoder.encode(data) : data);
    return new HelmFiles(m);
  }

  field(name: string): GoValue {
    return this.files.get(name) ?? new Uint8Array(0);
  }

  method(name: string): GoMethod | undefined {
    return Object.prototype.hasOwnProperty.call(this.methods, name) ? this.methods[name] : undefined;
  }

  mapEntries(): Array<[string, GoValue]> {
    return Array.from(this.files, ([k, v]) => [k, v] as [string, GoValue]);
  }

  format(): string {
    return formatValue(this.toJSONValue());
  }

  toJSONValue(): GoValue {
    return new GoMap(this.mapEntries(), "map[string][]uint8");
  }

  private glob(pattern: string): HelmFiles {
    const re = compileGlob(pattern) ?? /^[\s\S]*$/;
    const out = new Map<string, Uint8Array>();
    for (const [name, data] of this.files) if (re.test(name)) out.set(name, data);
    return new HelmFiles(out);
  }

  private lines(name: string): GoValue {
    const data = this.files.get(name);
    if (data === undefined) return goSlice([], "string");
    let s = decoder.decode(data);
    if (s.length === 0) throw new FuncError("runtime error: index out of range [-1]");
    if (s.endsWith("\n")) s = s.slice(0, -1);
    return goSlice(s.split("\n"), "string");
  }

  private asConfig(): string {
    const m = new GoMap(null, "map[string]string");
    for (const [k, v] of this.files) m.set(baseName(k), decoder.decode(v));
    return toYaml(m);
  }

  private asSecrets(): string {
    const m = new GoMap(null, "map[string]string");
    for (const [k, v] of this.files) m.set(baseName(k), base64(v));
    return toYaml(m);
  }
}
