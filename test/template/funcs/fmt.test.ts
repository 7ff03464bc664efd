import { describe, expect, it } from "vitest";
import { compareBytewise, formatValue, sprint, sprintf, sprintln } from "@/lib/template/fmt";
import { GoInt, GoMap, goSlice, type GoValue } from "@/lib/template/value";

const int = (n: number) => new GoInt(n, "int");

describe("formatValue (%v)", () => {
  it("prints float64 like Go: shortest digits, exponent outside [1e-4, 1e6)", () => {
    const cases: [number, string][] = [
      [3, "3"], [1e6, "1e+06"], [123456, "123456"], [999999, "999999"], [1234567, "1.234567e+06"],
      [0.0001, "0.0001"], [0.00001, "1e-05"], [123456789012, "1.23456789012e+11"], [-0, "-0"],
      [1.5e300, "1.5e+300"], [2.5, "2.5"], [12345678901234567890, "1.2345678901234567e+19"], [1e21, "1e+21"],
      [0.1, "0.1"], [100000, "100000"], [NaN, "NaN"], [Infinity, "+Inf"], [-Infinity, "-Inf"], [5e-324, "5e-324"],
    ];
    for (const [v, s] of cases) expect(formatValue(v), String(v)).toBe(s);
  });
  it("prints composites, nil and bytes", () => {
    const m = new GoMap([["b", 2], ["a", goSlice([1, "x", null])], ["c", new GoMap()]]);
    expect(formatValue(m)).toBe("map[a:[1 x <nil>] b:2 c:map[]]");
    expect(formatValue(null)).toBe("<nil>");
    expect(formatValue(new Uint8Array([104, 105]))).toBe("[104 105]");
    expect(formatValue(goSlice([]))).toBe("[]");
    expect(formatValue(true)).toBe("true");
    expect(formatValue(new GoInt(1000000, "int64"))).toBe("1000000");
  });
});

describe("sprintf", () => {
  const cases: [string, GoValue[], string][] = [
    ["%d", [int(3)], "3"],
    ["%d", [7], "%!d(float64=7)"],
    ["%s", [7], "%!s(float64=7)"],
    ["%q", ['a"b'], '"a\\"b"'],
    ["%v", [null], "<nil>"],
    ["%5.2f", [3.14159], " 3.14"],
    ["%x", ["hi"], "6869"],
    ["%T", [int(3)], "int"],
    ["%06.2f|%-5s|%+d|%x|%X|%o|%e|%g|%c|%U", [3.14159, "ab", int(5), int(255), int(255), int(8), 1234.5, 0.000012, int(65), int(65)],
      "003.14|ab   |+5|ff|FF|10|1.234500e+03|1.2e-05|A|U+0041"],
    ["%s", [], "%!s(MISSING)"],
    ["%d %d", [int(1)], "1 %!d(MISSING)"],
    ["%z", [int(1)], "%!z(int=1)"],
    ["no verbs", [int(1)], "no verbs%!(EXTRA int=1)"],
    ["%!", [], "%!!(MISSING)"],
    ["%.1f", [int(2)], "%!f(int=2)"],
    ["%.0f|%.0f|%.0f|%.1f|%.2f", [0.5, 1.5, 2.5, 0.05, 1.005], "0|2|2|0.1|1.00"],
    ["%.2f|%g|%e", [2.5, 2.5, 2.5], "2.50|2.5|2.500000e+00"],
    ["%s", [goSlice(["a", 1])], "[a %!s(float64=1)]"],
    ["%q", [goSlice(["a", "b"])], '["a" "b"]'],
    ["%#v", [new GoMap([["a", int(1)]])], 'map[string]interface {}{"a":1}'],
    ["%+v", [new GoMap([["a", int(1)]])], "map[a:1]"],
    ["%x|%X|%b", [3.5, 3.5, 1], "0x1.cp+01|0X1.CP+01|4503599627370496p-52"],
    ["%q", ["\x01\t☺\u00a0"], '"\\x01\\t☺\\u00a0"'],
    ["%+q|%#q", ["☺", "a`b"], '"\\u263a"|"a`b"'],
    ["%#x|% x|%#o|%#b|%O", [int(255), "hi", int(8), int(5), int(8)], "0xff|68 69|010|0b101|0o10"],
    ["%08.3f|%-8d|%+.2e|% d", [-3.14159, int(42), 12345.678, int(7)], "-003.142|42      |+1.23e+04| 7"],
    ["%*d|%-*d|%.*f", [int(4), int(7), int(3), int(1), int(2), 3.14159], "   7|1  |3.14"],
    ["%[2]d %[1]d", [int(1), int(2)], "2 1"],
    ["%[3]d", [int(1)], "%!d(BADINDEX)"],
    ["%d%%", [int(50)], "50%"],
    // The plain subset (%s/%v of strings, %d/%v of ints) and its edges, which the full formatter handles.
    ["%s-%v:%d/%v", ["a", "b", int(8080), new GoInt(7, "int64")], "a-b:8080/7"],
    ["%d|%v", [int(-3), new GoInt(-4, "int64")], "-3|-4"],
    ["%s", ["a", "b"], "a%!(EXTRA string=b)"],
    ["%s %s", ["a"], "a %!s(MISSING)"],
    ["%d", ["x"], "%!d(string=x)"],
    ["%s", [int(3)], "%!s(int=3)"],
    ["tail %", [], "tail %!(NOVERB)"],
    ["%v%%", [new GoInt(255, "uint8")], "255%"],
    ["%t|%t", [true, int(1)], "true|%!t(int=1)"],
    ["%d", [null], "%!d(<nil>)"],
    ["%s", [new Uint8Array([104, 105])], "hi"],
    ["%.3s|%5.1s|", ["héllo", "xyz"], "hél|    x|"],
    ["%10.3e|%-10g|", [1234.5678, 0.5], " 1.235e+03|0.5       |"],
    ["%g|%G|%.3g|%.10g", [1e21, 1e-7, 1234.5678, 1.0], "1e+21|1E-07|1.23e+03|1"],
    ["%#g|%#.3g|%#.0f", [1.0, 2.0, 3.0], "1.00000|2.00|3."],
    ["%f|%.3f|%.3f", [1e20, 2.0005, 2.0015], "100000000000000000000.000000|2.001|2.002"],
    ["%v|%d", [new GoInt(-5, "int64"), new GoInt(200, "uint8")], "-5|200"],
    ["%x|%X", [int(-255), new GoInt(255, "uint8")], "-ff|FF"],
    ["%05d|%-05d|%5.3d|%.0d|", [int(-42), int(3), int(7), int(0)], "-0042|3    |  007||"],
    ["%c|%q|%#U", [int(0x1f600), int(39), int(0x263a)], "😀|'\\''|U+263A '☺'"],
    ["%v", [goSlice([int(1), 2.5, "a", true, null])], "[1 2.5 a true <nil>]"],
    ["%d", [goSlice([int(1), "a"])], "[1 %!d(string=a)]"],
    ["%6.2v|%v", [3.14159, -0], "   3.1|-0"],
    ["%v|%5v|%-5v|", [Infinity, NaN, -Infinity], "+Inf|  NaN|-Inf |"],
  ];
  for (const [format, args, expected] of cases) {
    it(JSON.stringify(format), () => expect(sprintf(format, args)).toBe(expected));
  }
});

describe("sprint and sprintln", () => {
  it("adds spaces only between two non-string operands", () => {
    expect(sprint([int(1), int(2), "a", "b", int(3)])).toBe("1 2ab3");
    expect(sprint([null])).toBe("<nil>");
    expect(sprint(["a", int(1)])).toBe("a1");
    expect(sprint([1.5, int(2)])).toBe("1.5 2");
  });
  it("always separates operands and ends with a newline", () => {
    expect(sprintln([int(1), "x"])).toBe("1 x\n");
    expect(sprintln([])).toBe("\n");
  });
});

describe("compareBytewise", () => {
  it("orders like Go's bytewise UTF-8 comparison, surrogate pairs after U+E000–U+FFFF", () => {
    const sign = (a: string, b: string) => Math.sign(compareBytewise(a, b));
    expect(sign("a", "b")).toBe(-1);
    expect(sign("ab", "a")).toBe(1);
    expect(sign("same", "same")).toBe(0);
    expect(sign("x\u{1F600}", "x\uFFFD")).toBe(1); // F0 9F … after EF BF BD, though its UTF-16 unit D83D is smaller
    expect(sign("\uE000", "\u{10000}")).toBe(-1);
    expect(sign("é", "z")).toBe(1);
    expect(["b", "\u{1F600}", "a", "\uFFFF", "ä"].sort(compareBytewise)).toEqual(["a", "b", "ä", "\uFFFF", "\u{1F600}"]);
  });
});
