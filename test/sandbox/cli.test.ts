/** `hookline sandbox` as a process: prints its URL when ready, writes a kubeconfig, stops on SIGTERM, and `reset`. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";

const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-sandbox-cli-"));
const entry = path.resolve(import.meta.dirname, "support", "cli-entry.ts");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): { child: ReturnType<typeof spawn>; firstLine: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], { cwd: path.resolve(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    child.on("exit", () => reject(new Error(`exited before printing; stdout=${out}`)));
  });
  // Runs that never print (reset, usage errors) do not await the line; keep its rejection from going unhandled.
  firstLine.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, firstLine, exit };
}

describe("hookline sandbox CLI", () => {
  it("serves until SIGTERM, then keeps its state for the next run; reset removes it", async () => {
    const data = path.join(dir, "data");
    const kubeconfig = path.join(dir, "kube", "config");
    const first = runCli(["sandbox", "--port", "0", "--kubeconfig", kubeconfig, "--data", data]);
    const line = await first.firstLine;
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const config = YAML.parse(readFileSync(kubeconfig, "utf8"));
    expect(config.clusters[0].cluster).toEqual({ server: url, "insecure-skip-tls-verify": true });
    const created = await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ metadata: { name: "from-cli" } }) });
    expect(created.status).toBe(201);
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    expect(existsSync(path.join(data, "sandbox-state.json"))).toBe(true);

    const second = runCli(["sandbox", "--data", data]);
    const secondUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(await second.firstLine)![1];
    expect((await fetch(`${secondUrl}/api/v1/namespaces/default/configmaps/from-cli`)).status).toBe(200);
    second.child.kill("SIGINT");
    expect(await second.exit).toBe(0);

    const reset = runCli(["sandbox", "reset", "--data", data]);
    expect(await reset.exit).toBe(0);
    expect(existsSync(path.join(data, "sandbox-state.json"))).toBe(false);
  });

  it("rejects unknown arguments with exit code 2", async () => {
    const bad = runCli(["sandbox", "--bogus"]);
    expect(await bad.exit).toBe(2);
  });
});
