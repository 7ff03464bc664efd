/** Helpers for `status.conditions`: keep lastTransitionTime unless the condition's status actually changes. */
import { timestamp } from "../api/object-meta";

type Json = Record<string, unknown>;

export interface ConditionInput {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

export function setCondition(conditions: Json[] | undefined, input: ConditionInput, withProbeTime = false): Json[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === input.type);
  const now = timestamp();
  const previous = index >= 0 ? list[index] : undefined;
  const unchanged = previous && previous.status === input.status && previous.reason === input.reason && previous.message === input.message;
  if (unchanged) return list;
  const condition: Json = {
    type: input.type,
    status: input.status,
    ...(withProbeTime ? { lastProbeTime: now } : {}),
    ...(!withProbeTime ? { lastUpdateTime: now } : {}),
    lastTransitionTime: previous && previous.status === input.status ? previous.lastTransitionTime : now,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.message !== undefined ? { message: input.message } : {}),
  };
  if (index >= 0) list[index] = condition;
  else list.push(condition);
  return list;
}

export function conditionIs(object: Json, type: string, status = "True"): boolean {
  const conditions = (((object.status ?? {}) as Json).conditions ?? []) as Json[];
  return conditions.some((c) => c.type === type && c.status === status);
}
