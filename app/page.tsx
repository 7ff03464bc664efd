import { db } from "@/lib/db/client";
import { databaseConfig, describeDatabase } from "@/lib/db/config";
import { checkHealth } from "@/lib/health/check";
import { clusterProbe } from "@/lib/health/cluster-probe";
import { SystemStatus } from "@/components/SystemStatus";
import { requirePageUser } from "./_server/session";

export const dynamic = "force-dynamic";

export default async function ReleasesPage() {
  await requirePageUser();
  const config = databaseConfig();
  const health = await checkHealth(db(), config.dialect, clusterProbe());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Releases</h1>
        <p className="mt-1 text-sm text-slate-600">Helm releases of the selected cluster, their hooks and their history.</p>
      </div>
      <SystemStatus health={health} database={describeDatabase(config)} />
    </div>
  );
}
