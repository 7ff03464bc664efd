import Link from "next/link";
import { notFound } from "next/navigation";
import { HooksTable } from "@/components/HooksTable";
import { ReleaseStatusBadge } from "@/components/ReleaseStatusBadge";
import { RevisionDiff } from "@/components/secrets/RevisionDiff";
import { clientFor, resolveContext } from "@/app/_server/clusters";
import { loadReleaseDetail } from "@/app/_server/release-detail";
import { impersonationFor } from "@/app/_server/impersonation";
import { permitted, requirePageUser } from "@/app/_server/session";
import { OperationButtons } from "@/components/operations/OperationButtons";
import { RecoverRelease } from "@/components/operations/RecoverRelease";
import { db } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

type Params = { namespace: string; name: string };
type Search = { context?: string; from?: string; to?: string };

function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export default async function ReleasePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const user = await requirePageUser();
  const { namespace, name } = await params;
  const search = await searchParams;
  const context = resolveContext(search.context);
  if (!context) notFound();
  // Whoever may upgrade here sees the upgrade's hooks rendered against the live cluster, through their own client.
  const mayUpgrade = await permitted(user, "upgrade", { context: context.name, namespace: decodeURIComponent(namespace) });
  const liveCluster = mayUpgrade ? clientFor(context, { impersonate: await impersonationFor(user) }) : undefined;
  const detail = await loadReleaseDetail(clientFor(context), context.name, decodeURIComponent(namespace), decodeURIComponent(name), { liveCluster });
  if (!detail) notFound();

  const revisions = detail.revisions.map((r) => r.revision);
  const stuck =
    detail.latest.status.startsWith("pending-") &&
    (await db().operation.count({ where: { context: context.name, namespace: detail.namespace, releaseName: detail.name, status: { in: ["pending", "running"] } } })) === 0;
  const to = revisions.includes(Number(search.to)) ? Number(search.to) : revisions[0];
  const from = revisions.includes(Number(search.from)) ? Number(search.from) : (revisions.find((r) => r < to) ?? to);

  // What this user may do here: their role, and for an operator a grant covering this context and namespace.
  const where = { context: context.name, namespace: detail.namespace };
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/?context=${encodeURIComponent(context.name)}`} className="hover:underline">
            Releases
          </Link>{" "}
          / {detail.namespace}
        </p>
        <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight">
          {detail.name} <ReleaseStatusBadge status={detail.latest.status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Revision {detail.latest.revision} · {detail.latest.chart}
          {detail.latest.appVersion ? ` · app ${detail.latest.appVersion}` : ""} · {context.name} · {detail.latest.description}
        </p>
      </div>

      {stuck && <RecoverRelease context={context.name} namespace={detail.namespace} release={detail.name} status={detail.latest.status} allowed={can(user.role, "recover")} />}

      <OperationButtons
        context={context.name}
        namespace={detail.namespace}
        release={detail.name}
        revisions={detail.revisions.map((r) => r.revision).filter((r) => r !== detail.latest.revision)}
        plans={detail.plans}
        allowed={{ upgrade: await permitted(user, "upgrade", where), rollback: await permitted(user, "rollback", where), uninstall: can(user.role, "uninstall"), test: await permitted(user, "test", where) }}
      />

      <section role="region" aria-label="Hooks" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-medium">Hooks of revision {detail.latest.revision}</h2>
        <HooksTable hooks={detail.hooks} />
      </section>

      <section role="region" aria-label="History" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-medium">History</h2>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Revisions</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Revision</th>
              <th scope="col" className="py-2 pr-3 font-medium">Status</th>
              <th scope="col" className="py-2 pr-3 font-medium">Chart</th>
              <th scope="col" className="py-2 pr-3 font-medium">Updated</th>
              <th scope="col" className="py-2 pr-3 font-medium">By</th>
              <th scope="col" className="py-2 pr-3 font-medium">Description</th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Timeline</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.revisions.map((r) => (
              <tr key={r.revision} className="border-b border-slate-100">
                <td className="py-2 pr-3">{r.revision}</td>
                <td className="py-2 pr-3">
                  <ReleaseStatusBadge status={r.status} />
                </td>
                <td className="py-2 pr-3 whitespace-nowrap">{r.chart}</td>
                <td className="py-2 pr-3 whitespace-nowrap">{when(r.updated)}</td>
                <td className="py-2 pr-3">{r.by ?? <span className="text-slate-400">outside Hookline</span>}</td>
                <td className="py-2 pr-3">
                  {r.description}
                  {r.reason && <span className="block text-xs text-slate-500">Reason: {r.reason}</span>}
                </td>
                <td className="py-2">
                  {r.operationId && (
                    <Link href={`/operations/${r.operationId}`} className="text-indigo-700 hover:underline" aria-label={`Timeline of revision ${r.revision}`}>
                      timeline
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section role="region" aria-label="Diff" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-lg font-medium">Compare revisions</h2>
        <form method="get" className="flex items-end gap-3 text-sm">
          <input type="hidden" name="context" value={context.name} />
          <div>
            <label htmlFor="from" className="block text-xs font-medium text-slate-500">
              From revision
            </label>
            <select id="from" name="from" defaultValue={from} className="mt-1 rounded-md border border-slate-300 px-2 py-1">
              {revisions.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="to" className="block text-xs font-medium text-slate-500">
              To revision
            </label>
            <select id="to" name="to" defaultValue={to} className="mt-1 rounded-md border border-slate-300 px-2 py-1">
              {revisions.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">
            Compare
          </button>
        </form>
        <RevisionDiff
          context={context.name}
          namespace={detail.namespace}
          release={detail.name}
          from={from}
          to={to}
          masked={{ from: detail.snapshots[from], to: detail.snapshots[to] }}
          canReveal={await permitted(user, "unmask-secrets", where)}
        />
      </section>

      <section role="region" aria-label="Audit trail" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-lg font-medium">Audit trail</h2>
        {detail.audit.length === 0 ? (
          <p className="text-sm text-slate-500">No operation on this release went through Hookline yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {detail.audit.map((a, i) => (
              <li key={i}>
                <span className="text-slate-500">{when(a.at)}</span> — {a.actor} {a.action}
                {a.revision !== null ? ` (revision ${a.revision})` : ""}: <span className="font-medium">{a.result}</span>
                {a.reason && <span className="text-slate-500"> — {a.reason}</span>}
                {a.detail && <span className={a.result === "failed" || a.result === "denied" ? "text-red-700" : "text-slate-500"}> — {a.detail}</span>}
                {a.operationId && a.result !== "started" && (
                  <>
                    {" "}
                    <Link href={`/operations/${a.operationId}`} className="text-indigo-700 hover:underline">
                      timeline
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
