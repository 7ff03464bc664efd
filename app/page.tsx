import Link from "next/link";
import { Suspense } from "react";
import { LoadingState } from "@/components/PageStates";
import { ContextSwitcher } from "@/components/ContextSwitcher";
import { ReleasesTable, type LastOperation } from "@/components/ReleasesTable";
import { SystemStatus } from "@/components/SystemStatus";
import { db } from "@/lib/db/client";
import { databaseConfig, describeDatabase } from "@/lib/db/config";
import { createReleaseStore } from "@/lib/release";
import { checkHealth } from "@/lib/health/check";
import { clusterProbe } from "@/lib/health/cluster-probe";
import { clientFor, listContexts, resolveContext, type ClusterContext } from "./_server/clusters";
import { listReleases, type ReleasePage } from "./_server/releases";
import { requirePageUser } from "./_server/session";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 20;

async function lastOperations(context: string, page: ReleasePage): Promise<Record<string, LastOperation>> {
  const ops = await db().operation.findMany({
    where: { context, OR: page.rows.map((r) => ({ namespace: r.namespace, releaseName: r.name })) },
    orderBy: { createdAt: "desc" },
    include: { user: { select: { username: true } } },
  });
  const byRelease: Record<string, LastOperation> = {};
  for (const op of ops) {
    const key = `${op.namespace}/${op.releaseName}`;
    byRelease[key] ??= { kind: op.kind, status: op.status, by: op.user?.username ?? "hookline", at: op.createdAt.toISOString() };
  }
  return byRelease;
}

/** The releases of one context and namespace, read from their release records; streamed in after the page shell. */
async function ReleasesSection({ context, namespace, page: requested }: { context: ClusterContext; namespace: string; page: number }) {
  let page: ReleasePage | undefined;
  let error: string | undefined;
  let ops: Record<string, LastOperation> = {};
  try {
    page = await listReleases(createReleaseStore({ namespace, client: clientFor(context) }), requested, PAGE_SIZE);
    if (page.rows.length > 0) ops = await lastOperations(context.name, page);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (error || !page) {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        Could not read releases from {context.name}: {error}
      </p>
    );
  }
  if (page.total === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
        No releases in {namespace ? `namespace ${namespace}` : "any namespace"} of {context.name} yet. Import a chart under <Link href="/charts" className="text-indigo-700 hover:underline">Charts</Link> and install it.
      </p>
    );
  }
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (p: number) => `/?${new URLSearchParams({ context: context.name, ...(namespace ? { namespace } : {}), page: String(p) })}`;
  return (
    <section aria-label="Releases list" className="rounded-lg border border-slate-200 bg-white p-4">
      <ReleasesTable rows={page.rows} context={context.name} lastOperations={ops} />
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm">
          {page.page > 1 && (
            <Link href={link(page.page - 1)} className="text-indigo-700 hover:underline">
              ← Previous
            </Link>
          )}
          <span className="text-slate-500" aria-current="page">
            Page {page.page} of {pages} ({page.total} releases)
          </span>
          {page.page < pages && (
            <Link href={link(page.page + 1)} className="text-indigo-700 hover:underline">
              Next →
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}

export default async function ReleasesPage({ searchParams }: { searchParams: Promise<{ context?: string; namespace?: string; page?: string }> }) {
  await requirePageUser();
  const params = await searchParams;
  const context = resolveContext(params.context);
  const namespace = (params.namespace ?? "").trim();
  const requested = Number(params.page) || 1;

  let content: React.ReactNode;
  if (!context) {
    const config = databaseConfig();
    const health = await checkHealth(db(), config.dialect, clusterProbe());
    content = (
      <>
        <p className="text-sm text-slate-600">No cluster is configured. Set KUBECONFIG, or start Hookline with `npm start` to use the sandbox cluster.</p>
        <SystemStatus health={health} database={describeDatabase(config)} />
      </>
    );
  } else {
    content = (
      <>
        <ContextSwitcher contexts={listContexts()} context={context.name} namespace={namespace} />
        <Suspense key={`${context.name}/${namespace}/${requested}`} fallback={<LoadingState what="releases" />}>
          <ReleasesSection context={context} namespace={namespace} page={requested} />
        </Suspense>
      </>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Releases</h1>
        <p className="mt-1 text-sm text-slate-600">Helm releases of the selected cluster, their hooks and their history.</p>
      </div>
      {content}
    </div>
  );
}
