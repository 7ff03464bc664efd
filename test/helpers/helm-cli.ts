/** Runs the real helm binary with a private home (no user config, no cache) against a given kubeconfig. */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { helmBinary } from "./binaries";

const run = promisify(execFile);
const home = mkdtempSync(path.join(os.tmpdir(), "hookline-helm-home-"));

export async function helm(args: string[], kubeconfig: string): Promise<{ stdout: string; stderr: string }> {
  return run(await helmBinary(), [...args, "--kubeconfig", kubeconfig], {
    env: {
      NODE_ENV: "test",
      PATH: process.env.PATH,
      HOME: home,
      HELM_CACHE_HOME: path.join(home, "cache"),
      HELM_CONFIG_HOME: path.join(home, "config"),
      HELM_DATA_HOME: path.join(home, "data"),
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}
