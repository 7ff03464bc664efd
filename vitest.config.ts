import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/**/*.test.ts", "lib/**/*.test.ts"],
    exclude: ["test/browser/**", "test/e2e/**", "test/security/browser/**", "test/security/http/**", "node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
