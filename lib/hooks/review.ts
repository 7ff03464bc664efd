/**
 * Plan and lint in one pass over the documents, for callers (the editor, the PR review) that want both and should
 * not parse every document twice.
 */
import { classifyDocuments } from "./classify";
import { lintClassified } from "./lint/index";
import { planFromClassified } from "./plan";
import type { HookOptions, HookPlan, LintFinding, RenderedDocument } from "./types";

export interface HookReview {
  plan: HookPlan;
  lint: LintFinding[];
}

export function reviewHooks(documents: readonly RenderedDocument[], options: HookOptions = {}): HookReview {
  const classified = classifyDocuments(documents);
  return { plan: planFromClassified(classified, options), lint: lintClassified(classified, options) };
}
