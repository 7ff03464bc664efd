import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only packages stay outside the server bundle and are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "@kubernetes/client-node"],
  poweredByHeader: false,
  // `npm test` type-checks the whole repository with tsc; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Chart uploads go through server actions; charts with vendored subcharts run to several megabytes.
  experimental: { serverActions: { bodySizeLimit: "16mb" } },
  typedRoutes: false,
};

export default nextConfig;
