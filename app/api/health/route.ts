import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { databaseConfig } from "@/lib/db/config";
import { checkHealth } from "@/lib/health/check";
import { clusterProbe } from "@/lib/health/cluster-probe";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(db(), databaseConfig().dialect, clusterProbe());
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
