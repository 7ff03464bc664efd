import { describe, expect, it } from "vitest";
import { helmCodecFunctions, sprigFunctions } from "@/lib/template/funcs";
import { ABSENT_NAMES, HELM_CODEC_NAMES, SPRIG_NAMES } from "./catalogue";

describe("the function catalogue Helm 4.1.4 exposes", () => {
  const sprig = sprigFunctions();
  const helm = helmCodecFunctions();

  it("has every Sprig v3.3.0 function except env and expandenv", () => {
    const missing = SPRIG_NAMES.filter((n) => !(n in sprig));
    expect(missing).toEqual([]);
    expect(Object.keys(sprig).sort()).toEqual([...new Set(SPRIG_NAMES)].sort());
  });

  it("has Helm's serialisation functions", () => {
    expect(Object.keys(helm).sort()).toEqual([...HELM_CODEC_NAMES].sort());
  });

  it("does not define what Helm removes or never had", () => {
    for (const name of ABSENT_NAMES) {
      expect(name in sprig || name in helm, name).toBe(false);
    }
  });

  it("declares a Go signature for every function", () => {
    for (const [name, f] of Object.entries({ ...sprig, ...helm })) {
      expect(Array.isArray(f.params), name).toBe(true);
      expect(typeof f.call, name).toBe("function");
    }
    expect(sprig.trunc.params).toEqual(["int", "string"]);
    expect(sprig.upper.params).toEqual(["string"]);
    expect(sprig.add.variadic).toBe("interface {}");
    expect(sprig.default.params).toEqual(["interface {}"]);
    expect(sprig.default.variadic).toBe("interface {}");
    expect(sprig.seq.variadic).toBe("int");
    expect(sprig.derivePassword.params[0]).toBe("uint32");
  });
});
