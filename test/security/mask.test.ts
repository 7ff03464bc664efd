import { describe, expect, it } from "vitest";
import { isSecretKey, maskedText, maskManifest, maskValues } from "@/lib/mask/secrets";

describe("secret masking", () => {
  it("recognises secret-looking keys and leaves references to secrets alone", () => {
    for (const k of ["password", "adminPassword", "DB_PASSWORD", "apiKey", "api_key", "token", "authToken", "clientSecret", "tls.key", "privateKey", "credentials"]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ["existingSecret", "secretName", "passwordSecretRef", "keywords", "replicas", "image", "autoscaling", "serviceAccountName", "tokenEnabled"]) {
      expect(isSecretKey(k), k).toBe(false);
    }
  });

  it("masks values under secret keys, deeply, and distinguishes different secrets", () => {
    const masked = maskValues({ db: { password: "hunter2", host: "db" }, auth: { users: ["a", "b"] }, apiKey: "", replicas: 2 }) as Record<string, Record<string, unknown>>;
    expect(masked.db.host).toBe("db");
    expect(masked.db.password).toBe(maskedText("hunter2"));
    expect(masked.db.password).not.toContain("hunter2");
    expect(masked.auth.users).toEqual([maskedText("a"), maskedText("b")]);
    expect(masked.apiKey).toBe("");
    expect(masked.replicas).toBe(2);
    expect(maskedText("x")).not.toBe(maskedText("y"));
  });

  it("masks Secret data, secret-named env values and secret keys in manifests, keeping the rest byte-for-byte", () => {
    const manifest = [
      "# Source: app/templates/secret.yaml",
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "  name: app-secret",
      "  labels:",
      "    token-type: bearer",
      "data:",
      "  password: aHVudGVyMg==",
      "stringData:",
      "  config.yaml: |",
      "    user: admin",
      "---",
      "# Source: app/templates/deploy.yaml",
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: app",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: app",
      "          image: nginx:1.27",
      "          env:",
      "            - name: DB_PASSWORD",
      "              value: hunter2",
      "            - name: DB_HOST",
      "              value: db",
      "",
    ].join("\n");
    const masked = maskManifest(manifest);
    expect(masked).not.toContain("aHVudGVyMg==");
    expect(masked).not.toContain("hunter2");
    expect(masked).not.toContain("user: admin");
    expect(masked).toContain(`password: ${maskedText("aHVudGVyMg==")}`);
    expect(masked).toContain("value: db");
    expect(masked).toContain("image: nginx:1.27");
    expect(masked).toContain("token-type: bearer");
    expect(masked).toContain("# Source: app/templates/deploy.yaml");
    expect(masked.split("---\n")).toHaveLength(2);
  });

  it("hides a document it cannot parse instead of showing it unmasked", () => {
    expect(maskManifest("kind: Secret\ndata:\n  password: [unclosed\n")).toContain("document hidden");
  });
});
