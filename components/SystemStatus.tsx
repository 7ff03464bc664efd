import type { Health } from "@/lib/health/check";

function Badge({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${ok ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-800"}`}>
      {children}
    </span>
  );
}

/** The database and cluster Hookline is connected to, as /api/health reports them. */
export function SystemStatus({ health, database }: { health: Health; database: string }) {
  const cluster = health.cluster;
  return (
    <section aria-label="System status" className="grid gap-4 sm:grid-cols-2">
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-medium text-slate-500">Database</h2>
        <p className="mt-2 flex items-center gap-2 font-mono text-sm">
          <Badge ok={health.database.status === "ok"}>{health.database.status}</Badge>
          {database}
        </p>
        {health.database.error && <p className="mt-2 text-sm text-red-700">{health.database.error}</p>}
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="text-sm font-medium text-slate-500">Cluster</h2>
        <p className="mt-2 flex items-center gap-2 font-mono text-sm">
          <Badge ok={cluster.status === "ok"}>{cluster.status}</Badge>
          {cluster.mode === "none" ? "no cluster configured" : `${cluster.mode}${cluster.server ? ` · ${cluster.server}` : ""}`}
        </p>
        {cluster.error && <p className="mt-2 text-sm text-red-700">{cluster.error}</p>}
      </div>
    </section>
  );
}
