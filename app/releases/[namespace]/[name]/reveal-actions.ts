"use server";
/**
 * Unmasking the secrets of a release's revisions, for the diff on the release page. Needs the `unmask-secrets`
 * permission (operators and admins); every reveal is audited — who, which release and revisions, which parts — and
 * the audit entry never holds the secret text itself.
 */
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { createReleaseStore, ReleaseNotFoundError } from "@/lib/release";
import { clientFor, resolveContext } from "../../../_server/clusters";
import { revisionTexts } from "../../../_server/release-detail";
import { authorize, AuthorizationError } from "../../../_server/session";

const revealInput = z.object({
  context: z.string().max(253).optional(),
  namespace: z.string().min(1).max(63),
  releaseName: z.string().min(1).max(53),
  revisions: z.array(z.number().int().min(1)).min(1).max(2),
});

export type RevealInput = z.input<typeof revealInput>;
export type RevealResult = { ok: true; revisions: Record<number, { manifest: string; values: string }> } | { ok: false; error: string };

/** The stored manifest and values of up to two revisions of a release, with nothing masked. */
export async function revealRevisionSecrets(raw: RevealInput): Promise<RevealResult> {
  const parsed = revealInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid input" };
  const { namespace, releaseName } = parsed.data;
  const revisions = [...new Set(parsed.data.revisions)];
  try {
    const user = await authorize("unmask-secrets", { context: parsed.data.context, releaseName, namespace });
    const context = resolveContext(parsed.data.context);
    if (!context) return { ok: false, error: "no cluster is configured" };
    const store = createReleaseStore({ namespace, client: clientFor(context) });
    const found = await Promise.all(revisions.map((r) => store.get(releaseName, r).catch((err: unknown) => {
        if (err instanceof ReleaseNotFoundError) return null;
        throw err;
      })));
    const missing = revisions.filter((_, i) => !found[i]);
    if (missing.length > 0) return { ok: false, error: `release ${releaseName} has no revision ${missing.join(", ")}` };
    await recordAudit(db(), {
      actor: { id: user.id, name: user.username },
      action: "unmask-secrets",
      result: "succeeded",
      context: context.name,
      namespace,
      releaseName,
      revision: Math.max(...revisions),
      details: { revisions, revealed: ["manifest", "values"] },
    });
    return { ok: true, revisions: Object.fromEntries(found.map((r) => [r!.version, revisionTexts(r!, { masked: false })])) };
  } catch (err) {
    if (err instanceof AuthorizationError) return { ok: false, error: err.message };
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
