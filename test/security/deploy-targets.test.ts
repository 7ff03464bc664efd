/**
 * Where the chart page's deploy dialog lets a user install or upgrade: the configured contexts and namespaces that a
 * role and its grants allow (lib/auth/deploy-targets.ts), agreeing with the server's own check (grantAllows).
 */
import { describe, expect, it } from "vitest";
import { deployTargets, initialNamespace, whyNoDeployTarget } from "@/lib/auth/deploy-targets";
import { grantAllows, type Grant } from "@/lib/auth/grants";

const CONTEXTS = ["dev", "staging", "prod"];

describe("deploy targets", () => {
  it("lets admins deploy to any namespace of every configured context, and viewers nowhere", () => {
    expect(deployTargets("admin", [], CONTEXTS)).toEqual(CONTEXTS.map((context) => ({ context, anyNamespace: true, namespaces: [] })));
    expect(deployTargets("viewer", [{ context: "*", namespace: "*" }], CONTEXTS)).toEqual([]);
  });

  it("gives an operator only the contexts its grants name, \"*\" meaning every configured one, with the granted namespaces", () => {
    const grants: Grant[] = [
      { context: "prod", namespace: "team-b" },
      { context: "prod", namespace: "team-a" },
      { context: "*", namespace: "team-a" },
      { context: "staging", namespace: "*" },
      { context: "elsewhere", namespace: "default" },
    ];
    expect(deployTargets("operator", grants, CONTEXTS)).toEqual([
      { context: "dev", anyNamespace: false, namespaces: ["team-a"] },
      { context: "staging", anyNamespace: true, namespaces: ["team-a"] },
      { context: "prod", anyNamespace: false, namespaces: ["team-a", "team-b"] },
    ]);
    expect(deployTargets("operator", [{ context: "prod", namespace: "team-a" }], CONTEXTS)).toEqual([{ context: "prod", anyNamespace: false, namespaces: ["team-a"] }]);
  });

  it("offers exactly what the server's grant check allows", () => {
    const grants: Grant[] = [
      { context: "prod", namespace: "team-a" },
      { context: "*", namespace: "default" },
      { context: "staging", namespace: "*" },
    ];
    const targets = deployTargets("operator", grants, CONTEXTS);
    for (const context of CONTEXTS) {
      for (const namespace of ["default", "team-a", "team-b"]) {
        const target = targets.find((t) => t.context === context);
        const offered = target !== undefined && (target.anyNamespace || target.namespaces.includes(namespace));
        expect(offered, `${context}/${namespace}`).toBe(grantAllows("operator", "install", grants, { context, namespace }));
      }
    }
  });

  it("leaves an operator without grants, or with grants only for contexts not configured, nowhere to deploy, saying why", () => {
    expect(deployTargets("operator", [], CONTEXTS)).toEqual([]);
    expect(whyNoDeployTarget([], CONTEXTS)).toBe("No namespace is granted to you for deploying; ask an admin.");
    const elsewhere = [{ context: "elsewhere", namespace: "*" }];
    expect(deployTargets("operator", elsewhere, CONTEXTS)).toEqual([]);
    expect(whyNoDeployTarget(elsewhere, CONTEXTS)).toBe("None of your grants covers a configured cluster context; ask an admin.");
    expect(deployTargets("admin", [], [])).toEqual([]);
    expect(whyNoDeployTarget([], [])).toBe("No cluster context is configured.");
  });

  it("starts the dialog in \"default\" only where it is allowed, otherwise in the first granted namespace", () => {
    expect(initialNamespace({ context: "c", anyNamespace: true, namespaces: ["team-a"] })).toBe("default");
    expect(initialNamespace({ context: "c", anyNamespace: false, namespaces: ["default", "team-a"] })).toBe("default");
    expect(initialNamespace({ context: "c", anyNamespace: false, namespaces: ["team-a", "team-b"] })).toBe("team-a");
  });
});
