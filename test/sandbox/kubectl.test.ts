/** The real kubectl v1.35 against the sandbox: get, describe, create, apply (client- and server-side), wait, logs, delete. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, type SandboxFixture, kubectl, startFixture } from "./support/sandbox-fixture";

let fx: SandboxFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: greet
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "echo greetings from kubectl"]
`;

const deployment = (image: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        env: ${env}
`;

describe("kubectl", () => {
  it("lists namespaces and everything with server-printed columns", async () => {
    const ns = await kubectl(fx, ["get", "ns"]);
    expect(ns.code).toBe(0);
    expect(ns.stdout).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(ns.stdout).toMatch(/^default\s+Active\s+\d+s$/m);
    const all = await kubectl(fx, ["get", "all", "-A"]);
    expect(all.stdout).toMatch(/^default\s+service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s/m);
  });

  it("creates a Job, refuses a duplicate, waits for it, shows its logs and describes it", async () => {
    const created = await kubectl(fx, ["create", "-f", "-"], job);
    expect(created.stdout.trim()).toBe("job.batch/greet created");
    const duplicate = await kubectl(fx, ["create", "-f", "-"], job);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": jobs.batch "greet" already exists');
    const waited = await kubectl(fx, ["wait", "--for=condition=complete", "job/greet", "--timeout=20s"]);
    expect(waited.stdout.trim()).toBe("job.batch/greet condition met");
    const logs = await kubectl(fx, ["logs", "job/greet"]);
    expect(logs.stdout).toBe("greetings from kubectl\n");
    const described = await kubectl(fx, ["describe", "job", "greet"]);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Pods Statuses:\s+0 Active .* 1 Succeeded \/ 0 Failed/);
    const jobs = await kubectl(fx, ["get", "jobs"]);
    expect(jobs.stdout).toMatch(/^greet\s+Complete\s+1\/1\s/m);
  });

  it("applies client-side twice with a three-way strategic merge, then rolls out", async () => {
    const first = await kubectl(fx, ["apply", "-f", "-"], deployment("nginx:1.27", '[{name: A, value: "1"}, {name: B, value: "2"}]'));
    expect(first.stdout.trim()).toBe("deployment.apps/web created");
    const second = await kubectl(fx, ["apply", "-f", "-"], deployment("nginx:1.28", '[{name: A, value: "9"}]'));
    expect(second.stdout.trim()).toBe("deployment.apps/web configured");
    const env = await kubectl(fx, ["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env}"]);
    expect(env.stdout).toBe('nginx:1.28 [{"name":"A","value":"9"}]');
    const rollout = await kubectl(fx, ["rollout", "status", "deployment/web", "--timeout=20s"]);
    expect(rollout.stdout).toContain('deployment "web" successfully rolled out');
    const unchanged = await kubectl(fx, ["apply", "-f", "-"], deployment("nginx:1.28", '[{name: A, value: "9"}]'));
    expect(unchanged.stdout.trim()).toBe("deployment.apps/web unchanged");
    const scaled = await kubectl(fx, ["scale", "deployment/web", "--replicas=3"]);
    expect(scaled.stdout.trim()).toBe("deployment.apps/web scaled");
    expect((await kubectl(fx, ["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"])).stdout).toBe("3");
  });

  it("applies server-side, reports conflicts with another manager and takes over with --force-conflicts", async () => {
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: ${data}\n`;
    expect((await kubectl(fx, ["apply", "--server-side", "-f", "-"], cm('{a: "1", b: "2"}'))).stdout.trim()).toBe("configmap/settings serverside-applied");
    await kubectl(fx, ["apply", "--server-side", "-f", "-"], cm('{a: "1"}'));
    expect((await kubectl(fx, ["get", "cm", "settings", "-o", "jsonpath={.data}"])).stdout).toBe('{"a":"1"}');
    await kubectl(fx, ["patch", "cm", "settings", "-p", '{"data":{"a":"edited"}}']);
    const conflict = await kubectl(fx, ["apply", "--server-side", "-f", "-"], cm('{a: "1"}'));
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.a');
    await kubectl(fx, ["apply", "--server-side", "--force-conflicts", "-f", "-"], cm('{a: "1"}'));
    expect((await kubectl(fx, ["get", "cm", "settings", "-o", "jsonpath={.data.a}"])).stdout).toBe("1");
  });

  it("shows managedFields and lets kubectl hand client-side fields over to server-side apply", async () => {
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: handover\ndata: ${data}\n`;
    await kubectl(fx, ["apply", "-f", "-"], cm('{a: "1", b: "2"}'));
    const before = JSON.parse((await kubectl(fx, ["get", "cm", "handover", "-o", "json", "--show-managed-fields"])).stdout);
    expect(before.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "kubectl-client-side-apply", operation: "Update", fieldsType: "FieldsV1", fieldsV1: expect.objectContaining({ "f:data": { "f:a": {}, "f:b": {} } }) }),
    ]);
    await kubectl(fx, ["apply", "--server-side", "-f", "-"], cm('{a: "1", b: "2"}'));
    const after = JSON.parse((await kubectl(fx, ["get", "cm", "handover", "-o", "json", "--show-managed-fields"])).stdout);
    expect(after.metadata.managedFields.map((m: Json) => `${m.manager}/${m.operation}`)).toEqual(["kubectl/Apply", "kubectl-last-applied/Apply"]);
    // Now that server-side apply owns b, dropping it from the manifest removes it.
    await kubectl(fx, ["apply", "--server-side", "-f", "-"], cm('{a: "1"}'));
    expect((await kubectl(fx, ["get", "cm", "handover", "-o", "jsonpath={.data}"])).stdout).toBe('{"a":"1"}');
  });

  it("deletes with cascading and waits for the objects to go", async () => {
    const deleted = await kubectl(fx, ["delete", "deployment", "web", "--wait=true", "--timeout=20s"]);
    expect(deleted.code).toBe(0);
    const deadline = Date.now() + 5000;
    let pods = "";
    do {
      pods = (await kubectl(fx, ["get", "pods,rs", "-l", "app=web", "-o", "name"])).stdout;
    } while (pods !== "" && Date.now() < deadline);
    expect(pods).toBe("");
    const missing = await kubectl(fx, ["get", "deployment", "web"]);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "web" not found');
  });

  it("creates objects with kubectl's generators, which send protobuf bodies", async () => {
    const commands = [
      ["create", "namespace", "generated"],
      ["create", "deployment", "gen-web", "--image=nginx:1.27", "--replicas=2", "--port=80", "-n", "generated"],
      ["create", "job", "gen-job", "--image=busybox", "-n", "generated", "--", "echo", "generated job"],
      ["create", "service", "clusterip", "gen-svc", "--tcp=80:8080", "-n", "generated"],
      ["create", "serviceaccount", "gen-sa", "-n", "generated"],
      ["create", "role", "gen-role", "--verb=get", "--resource=pods", "-n", "generated"],
      ["create", "rolebinding", "gen-rb", "--role=gen-role", "--serviceaccount=generated:gen-sa", "-n", "generated"],
      ["create", "cronjob", "gen-cron", "--image=busybox", "--schedule=*/5 * * * *", "-n", "generated", "--", "date"],
    ];
    for (const command of commands) {
      const result = await kubectl(fx, command);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
    const deployment = JSON.parse((await kubectl(fx, ["get", "deployment", "gen-web", "-n", "generated", "-o", "json"])).stdout);
    expect(deployment.spec).toMatchObject({ replicas: 2, selector: { matchLabels: { app: "gen-web" } }, strategy: { type: "RollingUpdate" } });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80, protocol: "TCP" }] });
    const service = JSON.parse((await kubectl(fx, ["get", "service", "gen-svc", "-n", "generated", "-o", "json"])).stdout);
    expect(service.spec.ports).toEqual([{ name: "80-8080", port: 80, protocol: "TCP", targetPort: 8080 }]);
    const binding = JSON.parse((await kubectl(fx, ["get", "rolebinding", "gen-rb", "-n", "generated", "-o", "json"])).stdout);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "gen-sa", namespace: "generated" }]);
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "gen-role" });
    const waited = await kubectl(fx, ["wait", "--for=condition=complete", "job/gen-job", "-n", "generated", "--timeout=20s"]);
    expect(waited.code).toBe(0);
    expect((await kubectl(fx, ["logs", "job/gen-job", "-n", "generated"])).stdout).toBe("generated job\n");
  });
});
