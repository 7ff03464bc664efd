import Link from "next/link";
import { notFound } from "next/navigation";
import { CancelButton } from "@/components/timeline/CancelButton";
import { OperationTimeline } from "@/components/timeline/OperationTimeline";
import { maskedEvent } from "@/components/timeline/hook-display";
import { db } from "@/lib/db/client";
import { lifecycleEventSchema, type LifecycleEvent } from "@/lib/lifecycle/events";
import { requirePageUser } from "../../_server/session";

export const dynamic = "force-dynamic";

const FINISHED = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id } = await params;
  const operation = await db().operation.findUnique({ where: { id }, include: { user: { select: { username: true } }, events: { orderBy: { seq: "asc" } } } });
  if (!operation) notFound();
  const events: LifecycleEvent[] = operation.events.flatMap((e) => {
    const parsed = lifecycleEventSchema.safeParse(JSON.parse(e.payload));
    return parsed.success ? [maskedEvent(parsed.data)] : [];
  });
  const finished = FINISHED.has(operation.status);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/releases/${encodeURIComponent(operation.namespace)}/${encodeURIComponent(operation.releaseName)}?context=${encodeURIComponent(operation.context)}`} className="hover:underline">
            {operation.namespace}/{operation.releaseName}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">
          {operation.kind} of {operation.releaseName}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          by {operation.user?.username ?? "Hookline"} · started {operation.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
          {operation.reason ? ` · reason: ${operation.reason}` : ""}
        </p>
      </div>
      <OperationTimeline
        operationId={operation.id}
        initialEvents={events}
        initiallyFinished={finished}
        cancel={user.role !== "viewer" ? <CancelButton operationId={operation.id} /> : undefined}
      />
    </div>
  );
}
