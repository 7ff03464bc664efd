/**
 * Plan and lint in one pass over the documents, for callers (the editor, the PR review) that want both and should
 * not parse every document twice.
 */
import { classifyDocuments } from "./classify";
import { lintClassified } from "./lint/index";
import { planFromClassified } from "./plan";
import { toDocuments, type HookInput } from "./split";
import type { HookOptions, HookPlan, LintFinding } from "./types";

export interface HookReview {
  plan: HookPlan;
  lint: LintFinding[];
}

export function reviewHooks(input: HookInput, options: HookOptions = {}): HookReview {
  const classified = classifyDocuments(toDocuments(input));
  return { plan: planFromClassified(classified, options), lint: lintClassified(classified, options) };
}
