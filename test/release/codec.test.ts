/** Storage encoding and JSON compatibility with records written by helm 3 and helm 4. */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  decodeRelease,
  decodeReleaseJson,
  encodeRelease,
  formatGoTimeNanos,
  marshalRelease,
  parseRelease,
  parseGoTime,
} from "@/lib/release";
import { goMarshal, goQuote } from "@/lib/release/go-json";

const HELM3_RECORD = {
  name: "web",
  info: {
    first_deployed: "2025-03-01T10:00:00.123456789+01:00",
    last_deployed: "2025-03-01T10:00:00.123456789+01:00",
    deleted: "",
    description: "Install complete",
    status: "deployed",
  },
  chart: {
    metadata: { name: "web", version: "1.0.0", apiVersion: "v2" },
    lock: null,
    templates: [{ name: "templates/cm.yaml", data: Buffer.from("kind: ConfigMap\n").toString("base64") }],
    values: { replicas: 1 },
    schema: null,
    files: null,
  },
  config: { image: { tag: "v2" } },
  manifest: "---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\n",
  hooks: [
    {
      name: "migrate",
      kind: "Job",
      path: "web/templates/job.yaml",
      manifest: "kind: Job",
      events: ["pre-upgrade"],
      last_run: { started_at: "", completed_at: "", phase: "" },
      delete_policies: ["before-hook-creation"],
    },
  ],
  version: 3,
  namespace: "apps",
};

describe("codec", () => {
  it("encodes as base64 of gzip of the JSON, and decodes back to the same release", () => {
    const release = parseRelease(HELM3_RECORD);
    const encoded = encodeRelease(release);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const gz = Buffer.from(encoded, "base64");
    expect([gz[0], gz[1], gz[2]]).toEqual([0x1f, 0x8b, 0x08]);
    expect(gunzipSync(gz).toString("utf8")).toBe(marshalRelease(release));
    expect(decodeRelease(encoded)).toEqual(release);
  });

  it("accepts payloads that are not gzipped, as helm does for very old records", () => {
    const plain = Buffer.from(JSON.stringify(HELM3_RECORD)).toString("base64");
    const release = decodeRelease(plain);
    expect(release.name).toBe("web");
    expect(release.version).toBe(3);
    expect(decodeReleaseJson(plain)).toBe(JSON.stringify(HELM3_RECORD));
  });

  it("reads helm 3 zero times (\"\") and rewrites the record the way helm 4.1.4 does", () => {
    const release = parseRelease(HELM3_RECORD);
    expect(release.info.deleted).toBeUndefined();
    expect(release.hooks[0]!.last_run).toEqual({ phase: "", started_at: undefined, completed_at: undefined });
    const json = marshalRelease(release);
    expect(json).not.toContain('"deleted"');
    expect(json).toContain('"last_run":{"phase":""}');
    expect(json).toContain('"schemamodtime":"0001-01-01T00:00:00Z"');
    // The offset and nanoseconds helm 3 wrote are kept verbatim.
    expect(json).toContain('"first_deployed":"2025-03-01T10:00:00.123456789+01:00"');
    expect(JSON.parse(json).info).toEqual({
      first_deployed: "2025-03-01T10:00:00.123456789+01:00",
      last_deployed: "2025-03-01T10:00:00.123456789+01:00",
      description: "Install complete",
      status: "deployed",
    });
  });

  it("accepts null times and null lists", () => {
    const release = parseRelease({
      name: "x",
      info: { first_deployed: null, status: "failed" },
      hooks: [{ name: "h", events: null, last_run: null, delete_policies: null }],
      version: 1,
    });
    expect(release.info.first_deployed).toBeUndefined();
    expect(release.hooks[0]!.events).toEqual([]);
    expect(release.config).toEqual({});
  });

  it("rejects an unknown status", () => {
    expect(() => parseRelease({ name: "x", info: { status: "exploded" } })).toThrow();
  });
});

describe("Go JSON", () => {
  it("escapes like encoding/json", () => {
    expect(goQuote('<a href="x">&\u2028\u2029\u0001\n\t\b\f')).toBe(
      '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028\\u2029\\u0001\\n\\t\\b\\f"',
    );
    expect(goQuote("\ud800x")).toBe('"\ufffdx"');
    expect(goQuote("😀")).toBe('"😀"');
    // A lone low surrogate, a pair next to a lone high one, and escape-like text that must stay text.
    expect(goQuote("a\udc00b\ud83d\ude00\ud83d")).toBe('"a\ufffdb😀\ufffd"');
    expect(goQuote("\\ud800 \u001f\u007f")).toBe('"\\\\ud800 \\u001f\u007f"');
  });

  it("orders keys by UTF-8 bytes where UTF-16 order differs (above the surrogate range)", () => {
    // U+FFFF is EF BF BF in UTF-8 and sorts before 😀 (F0 …); as UTF-16 code units it sorts after.
    expect(goMarshal({ "\uffff": 1, "😀": 2, z: 3 })).toBe('{"z":3,"\uffff":1,"😀":2}');
  });

  it("sorts map keys byte-wise, not in JS insertion/integer order", () => {
    expect(goMarshal({ b: 1, "10": 2, "9": 3, A: [1.5, 1e21, 1e-7, null, true] })).toBe(
      '{"10":2,"9":3,"A":[1.5,1e+21,1e-7,null,true],"b":1}',
    );
  });
});

describe("Go time", () => {
  it("formats RFC3339Nano with trailing zeros trimmed", () => {
    expect(formatGoTimeNanos(1_764_000_000_123_400_000n)).toBe("2025-11-24T16:00:00.1234Z");
    expect(formatGoTimeNanos(1_764_000_000_000_000_000n)).toBe("2025-11-24T16:00:00Z");
    expect(formatGoTimeNanos(1_764_000_000_000_000_001n)).toBe("2025-11-24T16:00:00.000000001Z");
  });

  it("parses RFC3339 with offsets and rejects empty values", () => {
    expect(parseGoTime("2025-03-01T10:00:00.123456789+01:00")?.toISOString()).toBe("2025-03-01T09:00:00.123Z");
    expect(parseGoTime("")).toBeUndefined();
    expect(parseGoTime("yesterday")).toBeUndefined();
  });
});
