/**
 * The template function library: Sprig v3.3.0's TxtFuncMap (without env and expandenv, which Helm removes)
 * and Helm's serialisation functions. Helm's engine-bound functions (include, tpl, required, fail, lookup)
 * and Go's builtins belong to the executor.
 */
import { helmCodecTable } from "./codecs";
import { cryptoFunctions } from "./crypto";
import { dateFunctions } from "./dates";
import { defaultFunctions, reflectionFunctions } from "./defaults";
import { dictFunctions } from "./dicts";
import { encodingFunctions } from "./encoding";
import { listFunctions } from "./lists";
import { mathFunctions } from "./math";
import { pathFunctions } from "./paths";
import { randomFunctions } from "./random";
import { regexFunctions } from "./regex-functions";
import { semverFunctions } from "./semver";
import { stringFunctions } from "./strings";
import type { FunctionTable } from "./types";
import { urlFunctions } from "./url";

/** Bounds on what one function call may allocate, so a template cannot exhaust memory. */
export interface FunctionLimits {
  /** Longest list until/untilStep/seq may build (default 1,000,000). */
  maxListLength: number;
  /** Longest string repeat/indent/rand* may build, in bytes or characters (default 64 MiB). */
  maxStringBytes: number;
}

export interface FunctionLibraryOptions {
  limits?: Partial<FunctionLimits>;
}

export const DEFAULT_LIMITS: FunctionLimits = { maxListLength: 1_000_000, maxStringBytes: 64 * 1024 * 1024 };

/** Sprig v3.3.0's text/template functions as Helm 4.1.4 registers them (env and expandenv removed). */
export function sprigFunctions(options: FunctionLibraryOptions = {}): FunctionTable {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return {
    ...stringFunctions({ maxStringBytes: limits.maxStringBytes }),
    ...randomFunctions(limits.maxStringBytes),
    ...mathFunctions({ maxListLength: limits.maxListLength }),
    ...defaultFunctions(),
    ...reflectionFunctions(),
    ...listFunctions(),
    ...dictFunctions(),
    ...encodingFunctions(),
    ...pathFunctions(),
    ...urlFunctions(),
    ...regexFunctions(),
    ...semverFunctions(),
    ...dateFunctions(),
    ...cryptoFunctions(),
    ...helmCodecTable("sprig"),
  };
}

/** Helm's toYaml/fromYaml/toJson/fromJson/toToml/fromToml family and its getHostByName override (DNS disabled). */
export function helmCodecFunctions(): FunctionTable {
  return helmCodecTable("helm");
}

export type { FunctionTable, TemplateFunction, FuncContext } from "./types";
