// Browser tests: headless Chromium (Debian's package, driven by playwright-core) against the built app started
// the way `npm start` starts it, and HTTP tests of the built app (test/security/http). They run one file at a time,
// after `next build`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/browser/**/*.test.ts", "test/e2e/**/*.test.ts", "test/security/browser/**/*.test.ts", "test/security/http/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
