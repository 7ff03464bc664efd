import { describe, expect, it } from "vitest";
import { goSlice } from "@/lib/template/value";
import { call, failure, int, list, makeContext, makeTable, show } from "./call";

describe("string functions", () => {
  it("trim, case and title follow Go's strings package", () => {
    expect(show("trim", "  hi \n")).toBe("hi");
    expect(show("upper", "héllo")).toBe("HÉLLO");
    expect(show("lower", "ÀB")).toBe("àb");
    expect(show("upper", "ß")).toBe("ß");
    expect(show("title", "foo-bar don't x_y")).toBe("Foo-Bar Don'T X_y");
    expect(show("untitle", "Hello World  FOO")).toBe("hello world  fOO");
  });

  it("substr and trunc cut UTF-8 bytes", () => {
    expect(show("substr", int(1), int(3), "hello")).toBe("el");
    expect(show("substr", int(-1), int(3), "hello")).toBe("hel");
    expect(show("substr", int(2), int(-1), "hello")).toBe("llo");
    expect(show("substr", int(2), int(99), "hello")).toBe("llo");
    expect(failure("substr", int(9), int(10), "abc")).toBe("runtime error: slice bounds out of range [9:3]");
    expect(failure("substr", int(-1), int(5), "abc")).toBe("runtime error: slice bounds out of range [:5] with length 3");
    expect(show("trunc", int(3), "abcdef")).toBe("abc");
    expect(show("trunc", int(-2), "abcdef")).toBe("ef");
    expect(show("trunc", int(10), "abc")).toBe("abc");
    expect(show("trunc", int(2), "héllo")).toBe("h\ufffd");
  });

  it("abbrev and abbrevboth use goutils rules", () => {
    expect(show("abbrev", int(5), "hello world")).toBe("he...");
    expect(show("abbrev", int(3), "hello world")).toBe("hello world");
    expect(show("abbrev", int(20), "hello")).toBe("hello");
    expect(show("abbrevboth", int(5), int(10), "1234 5678 9123")).toBe("...5678...");
  });

  it("quote, squote and cat drop nil and use Go escaping", () => {
    expect(show("quote", "a\"b", null, 1.5, "\x01é")).toBe('"a\\"b" "1.5" "\\x01é"');
    expect(show("squote", "a'b", int(3))).toBe("'a'b' '3'");
    expect(show("cat", "a", null, int(1), list(int(1), "b"))).toBe("a 1 [1 b]");
    expect(show("quote")).toBe("");
  });

  it("indent keeps the empty last line; nindent adds a newline", () => {
    expect(show("indent", int(2), "a\nb\n")).toBe("  a\n  b\n  ");
    expect(show("nindent", int(2), "x")).toBe("\n  x");
    expect(failure("indent", int(-1), "x")).toBe("strings: negative Repeat count");
  });

  it("repeat, replace, plural, contains family", () => {
    expect(show("repeat", int(3), "ab")).toBe("ababab");
    expect(failure("repeat", int(-1), "x")).toBe("strings: negative Repeat count");
    expect(show("replace", " ", "-", "Me First")).toBe("Me-First");
    expect(show("replace", "", "-", "ab")).toBe("-a-b-");
    expect(show("plural", "one", "many", int(1))).toBe("one");
    expect(show("plural", "one", "many", int(2))).toBe("many");
    expect(call("contains", "oo", "foo")).toBe(true);
    expect(call("hasPrefix", "f", "foo")).toBe(true);
    expect(call("hasSuffix", "f", "foo")).toBe(false);
    expect(show("trimAll", "$", "$$5.00$")).toBe("5.00");
    expect(show("trimPrefix", "-", "--a")).toBe("-a");
    expect(show("trimSuffix", "-", "a--")).toBe("a-");
    expect(show("nospace", "a b\tc")).toBe("abc");
    // goutils works on bytes: the NBSP loses its 0xA0 byte and its 0xC2 lead byte becomes "Â".
    expect(show("nospace", " a b\u00a0c\t")).toBe("ab\u00c2c");
    expect(show("nospace", "é")).toBe("é");
  });

  it("case conversions follow xstrings v1.5.0 and goutils", () => {
    expect(show("snakecase", "HTTPServer")).toBe("http_server");
    expect(show("snakecase", "FirstName")).toBe("first_name");
    expect(show("snakecase", "NoHTTPS")).toBe("no_https");
    expect(show("snakecase", "GO PATH")).toBe("go_path");
    expect(show("snakecase", "http2xx")).toBe("http_2xx");
    expect(show("snakecase", "HTTP20xOK")).toBe("http_20x_ok");
    expect(show("snakecase", "Duration2m3s")).toBe("duration_2m3s");
    expect(show("snakecase", "Bld4Floor3rd")).toBe("bld4_floor_3rd");
    expect(show("kebabcase", "HTTPServerX")).toBe("http-server-x");
    expect(show("camelcase", "http_server")).toBe("HttpServer");
    expect(show("camelcase", "_my_field")).toBe("_MyField");
    expect(show("camelcase", "_complex__case_")).toBe("_Complex_Case_");
    expect(show("camelcase", "GOLANG_IS_GREAT")).toBe("GolangIsGreat");
    expect(show("swapcase", "Hello wORLD")).toBe("hELLO World");
    expect(show("initials", "First Try")).toBe("FT");
  });

  it("wrap and wrapWith break on spaces by bytes", () => {
    expect(show("wrap", int(5), "Hello World Foo")).toBe("Hello\nWorld\nFoo");
    expect(show("wrapWith", int(5), "\t", "Hello World")).toBe("Hello\tWorld");
    expect(show("wrapWith", int(3), "|", "abcdefg")).toBe("abc|def|g");
    expect(show("wrap", int(3), "abcdefg hi")).toBe("abcdefg\nhi");
  });

  it("split, splitn, splitList, join, toStrings, sortAlpha", () => {
    expect(show("split", "/", "a/b/c")).toBe("map[_0:a _1:b _2:c]");
    expect(show("splitList", ",", "a,b,,c")).toBe("[a b  c]");
    expect(show("splitn", "/", int(2), "a/b/c")).toBe("map[_0:a _1:b/c]");
    expect(show("join", "-", list("a", 1, true))).toBe("a-1-true");
    expect(show("join", ",", list(int(1), null, "x", 2.5))).toBe("1,x,2.5");
    expect(show("toStrings", list(int(1), "a", null))).toBe("[1 a]");
    expect((call("splitList", ",", "") as string[]).length).toBe(1);
    expect(show("join", ",", "abc")).toBe("abc");
    expect(show("sortAlpha", list("b", "a", "C", int(10), int(9)))).toBe("[10 9 C a b]");
    expect(show("sortAlpha", "x")).toBe("[x]");
    expect(call("typeOf", call("splitList", ",", "a"))).toBe("[]string");
  });

  it("toString uses %v except for strings and bytes", () => {
    expect(show("toString", null)).toBe("<nil>");
    expect(show("toString", 1e6)).toBe("1e+06");
    expect(show("toString", new Uint8Array([104, 105]))).toBe("hi");
    expect(show("toString", goSlice([int(1), "a"]))).toBe("[1 a]");
  });

  it("atoi, int, int64, float64 follow strconv and cast", () => {
    expect(show("atoi", "42")).toBe("42");
    expect(show("atoi", "4.2")).toBe("0");
    expect(show("int", "010")).toBe("8");
    expect(show("int", "08")).toBe("0");
    expect(show("int", "0x10")).toBe("16");
    expect(show("int", "0b11")).toBe("3");
    expect(show("int", "1_000")).toBe("1000");
    expect(show("int", "3.0")).toBe("3");
    expect(show("int", "3.5")).toBe("0");
    expect(show("int", " 5")).toBe("0");
    expect(show("int", -3.9)).toBe("-3");
    expect(show("int", 1e20)).toBe("-9223372036854775808");
    expect(show("atoi", "99999999999999999999")).toBe("9223372036854775807");
    expect(show("int", true)).toBe("1");
    expect(show("int64", null)).toBe("0");
    expect(show("float64", "1e3")).toBe("1000");
    expect(show("float64", "0x10")).toBe("0");
    expect(show("float64", "NaN")).toBe("NaN");
    expect(show("toDecimal", "0777")).toBe("511");
    expect(show("toDecimal", "9")).toBe("0");
    expect(call("typeOf", call("int", "1"))).toBe("int");
    expect(call("typeOf", call("int64", "1"))).toBe("int64");
  });
  it("refuses strings beyond the configured limit", () => {
    const table = makeTable({ limits: { maxStringBytes: 100 } });
    const ctx = makeContext();
    expect(() => table.repeat.call(ctx, [int(1e9), "abc"])).toThrow(/longer than 100 bytes/);
    expect(() => table.indent.call(ctx, [int(60), "a\nb"])).toThrow(/longer than 100 bytes/);
    expect(() => table.randAlphaNum.call(ctx, [int(101)])).toThrow(/longer than 100/);
    expect(table.repeat.call(ctx, [int(10), "abc"])).toBe("abc".repeat(10));
  });
});
