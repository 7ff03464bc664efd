import { describe, expect, it } from "vitest";
import { FuncError } from "@/lib/template/funcs/types";
import { call, failure, int, list, makeContext, makeTable, show } from "./call";

describe("integer math converts operands to int64 first", () => {
  it("matches helm for mixed operands", () => {
    const cases: [string, unknown[], string][] = [
      ["add", [1.9, 2.9], "3"],
      ["sub", [int(10), 3.5], "7"],
      ["div", [int(-7), int(2)], "-3"],
      ["mod", [int(-7), int(3)], "-1"],
      ["add", ["3", int(4)], "7"],
      ["max", [1.9, 1.2], "1"],
      ["min", [int(3), "2", int(5)], "2"],
      ["mul", [int(2), int(3), int(4)], "24"],
      ["add1", ["x"], "1"],
      ["add", [], "0"],
    ];
    for (const [name, args, expected] of cases) expect(show(name, ...(args as never[])), name).toBe(expected);
    expect(call("typeOf", call("add", int(1)))).toBe("int64");
  });
  it("reports Go's division by zero", () => {
    expect(failure("div", int(1), int(0))).toBe("runtime error: integer divide by zero");
    expect(failure("mod", int(1), 0.4)).toBe("runtime error: integer divide by zero");
  });
});

describe("float math goes through exact decimals", () => {
  it("matches helm", () => {
    const cases: [string, unknown[], string][] = [
      ["maxf", [int(1), 2.5, "3"], "3"],
      ["minf", [int(1), -0.5], "-0.5"],
      ["addf", [0.1, 0.2], "0.3"],
      ["mulf", [1.1, int(3)], "3.3"],
      ["divf", [int(1), int(3)], "0.3333333333333333"],
      ["divf", [int(2), int(3)], "0.6666666666666667"],
      ["divf", [int(10), int(4), int(2)], "1.25"],
      ["subf", [int(1), 0.9], "0.1"],
      ["add1f", [0.1], "1.1"],
      ["mulf", [0.1, 0.1], "0.01"],
      ["addf", [], "0"],
      ["floor", [1.5], "1"],
      ["ceil", [1.2], "2"],
    ];
    for (const [name, args, expected] of cases) expect(show(name, ...(args as never[])), name).toBe(expected);
    expect(call("typeOf", call("addf", int(1)))).toBe("float64");
    expect(failure("divf", int(1), int(0))).toBe("decimal division by 0");
  });
  it("round floors negatives and honours roundOn", () => {
    expect(show("round", -2.5, int(0))).toBe("-3");
    expect(show("round", -2.4, int(0))).toBe("-3");
    expect(show("round", 1.005, int(2))).toBe("1");
    expect(show("round", 1234.5678, int(-2))).toBe("1200");
    expect(show("round", 2.345, int(2), 0.4)).toBe("2.35");
  });
});

describe("ranges", () => {
  it("seq, until and untilStep", () => {
    expect(show("seq", int(3))).toBe("1 2 3");
    expect(show("seq", int(0))).toBe("1 0");
    expect(show("seq", int(2), int(5))).toBe("2 3 4 5");
    expect(show("seq", int(5), int(2))).toBe("5 4 3 2");
    expect(show("seq", int(1), int(2), int(9))).toBe("1 3 5 7 9");
    expect(show("seq", int(9), int(-3), int(1))).toBe("9 6 3");
    expect(show("seq", int(1), int(-1), int(5))).toBe("");
    expect(show("until", int(3))).toBe("[0 1 2]");
    expect(show("until", int(-3))).toBe("[0 -1 -2]");
    expect(show("untilStep", int(0), int(10), int(3))).toBe("[0 3 6 9]");
    expect(show("untilStep", int(10), int(0), int(-4))).toBe("[10 6 2]");
    expect(show("untilStep", int(0), int(10), int(-1))).toBe("[]");
    expect(call("typeOf", call("until", int(2)))).toBe("[]int");
  });
  it("refuses ranges beyond the configured limit instead of allocating them", () => {
    const table = makeTable({ limits: { maxListLength: 100 } });
    expect(() => table.until.call(makeContext(), [int(1e12)])).toThrow(FuncError);
    expect(() => table.seq.call(makeContext(), [int(1000)])).toThrow(/exceeds the limit of 100/);
    expect(table.until.call(makeContext(), [int(100)])).toHaveLength(100);
    expect(list()).toHaveLength(0);
  });
  it("randInt stays in [min, max) and rejects an empty range", () => {
    for (let i = 0; i < 50; i++) {
      const n = (call("randInt", int(3), int(7)) as { value: number }).value;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThan(7);
    }
    expect(failure("randInt", int(3), int(3))).toBe("invalid argument to Intn");
  });
});
