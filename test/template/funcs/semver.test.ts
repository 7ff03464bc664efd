import { describe, expect, it } from "vitest";
import { formatValue } from "@/lib/template/fmt";
import type { GoStruct } from "@/lib/template/value";
import { call, failure } from "./call";

describe("semverCompare (Masterminds semver v3.4.0)", () => {
  const cases: [string, string, boolean][] = [
    [">=1.2.0", "1.3.0", true],
    ["^1.2", "1.9.9", true],
    ["~1.2.0", "1.3.0", false],
    [">=1.20-0", "v1.25.3-gke.100", true],
    [">=1.20", "1.25.3-gke.100", false],
    ["1.x", "1.4.0", true],
    [">1.0 <2.0 || >=3.0", "3.1.0", true],
    [">= 1.2, < 1.5", "1.4.9", true],
    [">=1.21.0-0", "v1.35.0", true],
    ["^0.2.3", "0.2.9", true],
    ["^0.2.3", "0.3.0", false],
    ["^0.0.3", "0.0.4", false],
    ["~1", "1.9.0", true],
    [">1.1", "1.1.5", false],
    [">1.1", "1.2.0", true],
    ["<=1.2", "1.2.9", true],
    ["!=1.2.x", "1.2.5", false],
    ["1.2.3 - 1.4", "1.4.9", true],
    ["*", "0.0.1", true],
    ["=1.2.3", "v1.2.3+meta", true],
    [">=1.0.0-alpha", "1.0.0-beta.2", true],
    ["<2.0.0", "2.0.0-rc1", false],
    ["~1.2.3-beta", "1.2.4", true],
    ["1.x.3", "1.0.0", true],
  ];
  for (const [constraint, version, expected] of cases) {
    it(`${constraint} vs ${version}`, () => expect(call("semverCompare", constraint, version)).toBe(expected));
  }
  it("reports the library's errors", () => {
    expect(failure("semverCompare", ">=1.2", "notaversion")).toBe("invalid semantic version");
    expect(failure("semverCompare", "foo", "1.0.0")).toBe("improper constraint: foo");
    expect(failure("semverCompare", ">=1.2 || bar", "1.0.0")).toBe("improper constraint:  bar");
    expect(failure("semverCompare", "", "1.0.0")).toBe("improper constraint: ");
    expect(failure("semver", "1.2.3-01")).toBe("version segment starts with 0");
  });
});

describe("semver values", () => {
  it("expose *semver.Version methods and print as String()", () => {
    const v = call("semver", "1.2.3-beta.1+build") as GoStruct;
    expect(formatValue(v.method("Major")!())).toBe("1");
    expect(call("typeOf", v.method("Major")!())).toBe("uint64");
    expect((call("semver", "v1.2.3-beta.1+build") as GoStruct).method("Prerelease")!()).toBe("beta.1");
    expect((call("semver", "1.2") as GoStruct).method("String")!()).toBe("1.2.0");
    expect(formatValue(call("semver", "1.2.3"))).toBe("1.2.3");
    expect(formatValue(call("semver", "v01.02.03"))).toBe("1.2.3");
    expect(call("typeOf", call("semver", "1.2.3"))).toBe("*semver.Version");
    const cmp = (a: string, b: string) => formatValue((call("semver", a) as GoStruct).method("Compare")!(call("semver", b)));
    expect(cmp("1.2.3", "1.2.4")).toBe("-1");
    expect(cmp("1.0.0-alpha.10", "1.0.0-alpha.9")).toBe("1");
    expect(cmp("1.0.0-rc.1", "1.0.0-rc.a")).toBe("-1");
    expect((call("semver", "1.2.3") as GoStruct).method("Original")!()).toBe("1.2.3");
  });
});
