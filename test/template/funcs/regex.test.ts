import { describe, expect, it } from "vitest";
import { GoRegexp } from "@/lib/template/funcs/regex";
import { call, failure, int, show } from "./call";

describe("regex functions (Go RE2 semantics)", () => {
  it("match, find, findAll, split, quoteMeta", () => {
    expect(call("regexMatch", "^[a-z]+$", "abc")).toBe(true);
    expect(show("regexFind", "[0-9]+", "ab12cd34")).toBe("12");
    expect(show("regexFindAll", "[0-9]", "a1b2c3", int(-1))).toBe("[1 2 3]");
    expect(show("regexFindAll", "[0-9]", "a1b2c3", int(2))).toBe("[1 2]");
    expect(show("regexSplit", "z+", "pizza", int(-1))).toBe("[pi a]");
    expect(show("regexQuoteMeta", "1.2+3")).toBe("1\\.2\\+3");
    expect(call("typeOf", call("regexFindAll", "x", "y", int(-1)))).toBe("[]string");
  });
  it("expands $1, ${1}, $name and $$ like Regexp.Expand", () => {
    expect(show("regexReplaceAll", "a(x*)b", "-ab-axxb-", "${1}W")).toBe("-W-xxW-");
    expect(show("regexReplaceAll", "a(x*)b", "-ab-axxb-", "$1W")).toBe("---");
    expect(show("regexReplaceAllLiteral", "a(x*)b", "-ab-axxb-", "${1}")).toBe("-${1}-${1}-");
    expect(show("regexReplaceAll", "(?P<first>\\w+) (?P<last>\\w+)", "John Smith", "${last}, ${first}")).toBe("Smith, John");
    expect(show("regexReplaceAll", "\\d", "a1", "$$")).toBe("a$");
    expect(show("regexReplaceAll", "b", "abc", "[$&]")).toBe("a[$&]c");
    expect(show("regexReplaceAll", "b", "abc", "[$0]")).toBe("a[b]c");
    expect(show("regexReplaceAll", "(?<n>b)", "abc", "[${n}]")).toBe("a[b]c");
    expect(show("regexReplaceAll", "b", "abc", "[$9]")).toBe("a[]c");
    expect(show("regexReplaceAll", "(b)", "abc", "[${1]")).toBe("a[${1]c");
  });
  it("answers a replacement seen before the same, never mixing patterns, replacements, texts or the two variants", () => {
    for (let i = 0; i < 3; i++) {
      expect(show("regexReplaceAll", "a(x*)b", "-ab-axxb-", "${1}W")).toBe("-W-xxW-");
      expect(show("regexReplaceAllLiteral", "a(x*)b", "-ab-axxb-", "${1}W")).toBe("-${1}W-${1}W-");
      expect(show("regexReplaceAll", "[^A-Za-z0-9]+$", "airflow-", "")).toBe("airflow");
      expect(show("regexReplaceAll", "[^A-Za-z0-9]+$", "airflow-2.", "")).toBe("airflow-2");
      // Pattern and replacement "a" + "bc" against "ab" + "c": the same characters in a row, two answers.
      expect(show("regexReplaceAll", "a", "xad", "bc")).toBe("xbcd");
      expect(show("regexReplaceAll", "ab", "xad", "c")).toBe("xad");
    }
    // A pattern that does not compile fails every time, whatever was answered before.
    expect(failure("regexReplaceAll", "a(", "x", "y")).toMatch(/^regexp: Compile\(`a\(`\): error parsing regexp: missing closing \)/);
    expect(failure("mustRegexReplaceAll", "a(", "x", "y")).toMatch(/^error parsing regexp: missing closing \)/);
  });
  it("supports inline flags, anchors and Go's dot", () => {
    expect(call("regexMatch", "(?i)ABC", "xabcx")).toBe(true);
    expect(show("regexFind", "a.b", "a\nb")).toBe("");
    expect(show("regexFind", "(?s)a.b", "a\nb")).toBe("a\nb");
    expect(show("regexReplaceAll", "^", "a\nb", ">")).toBe(">a\nb");
    expect(show("regexReplaceAll", "(?m)^", "a\nb", ">")).toBe(">a\n>b");
    expect(call("regexMatch", "\\p{Greek}", "α")).toBe(true);
    expect(call("regexMatch", "a$", "a\n")).toBe(false);
    expect(show("regexFind", "^.$", "😀")).toBe("😀");
    expect(call("regexMatch", "^[[:alpha:]]+$", "abc")).toBe(true);
    expect(call("regexMatch", "^[[:^alpha:]]+$", "12")).toBe(true);
    expect(call("regexMatch", "\\Aabc\\z", "abc")).toBe(true);
    expect(show("regexReplaceAll", "(?U)a+", "aaa", "x")).toBe("xxx");
    expect(show("regexReplaceAll", "(?i:a)b", "ABAb", "-")).toBe("AB-");
    expect(call("regexMatch", "^\\s$", "\u00a0")).toBe(false);
    expect(call("regexMatch", "^\\s$", "\v")).toBe(false);
    expect(call("regexMatch", "^[\\S]+$", "ab")).toBe(true);
    expect(call("regexMatch", "\\Qa.b\\E", "axb")).toBe(false);
    expect(call("regexMatch", "x{2,3}", "xx")).toBe(true);
    expect(call("regexMatch", "^x{2$", "x{2")).toBe(true);
    expect(call("regexMatch", "\\#\\ \\x41\\x{1F600}", "# A😀")).toBe(true);
  });
  it("skips empty matches right after a previous match", () => {
    expect(show("regexFindAll", "a*", "baaab", int(-1))).toBe("[ aaa ]");
    expect(show("regexReplaceAll", "a*", "baaac", "-")).toBe("-b-c-");
    expect(show("regexSplit", "", "abc", int(-1))).toBe("[a b c]");
    expect(show("regexSplit", ",", "a,b", int(0))).toBe("[]");
    expect(show("regexSplit", ",", "a,b,c", int(2))).toBe("[a b,c]");
  });
  it("reports compile errors as Go does", () => {
    expect(call("regexMatch", "[", "x")).toBe(false);
    expect(call("regexMatch", "(?=a)", "a")).toBe(false);
    expect(failure("regexFind", "[", "x")).toBe("regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`");
    expect(failure("mustRegexMatch", "[", "x")).toBe("error parsing regexp: missing closing ]: `[`");
    expect(failure("mustRegexFind", "(?=a)", "x")).toBe("error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
    expect(failure("mustRegexFind", "(a)\\1", "x")).toBe("error parsing regexp: invalid escape sequence: `\\1`");
    expect(failure("mustRegexFind", "a**", "x")).toBe("error parsing regexp: invalid nested repetition operator: `**`");
    expect(failure("mustRegexFind", "*a", "x")).toBe("error parsing regexp: missing argument to repetition operator: `*`");
    expect(failure("mustRegexFind", "(a", "x")).toBe("error parsing regexp: missing closing ): `(a`");
    expect(failure("mustRegexFind", "a)", "x")).toBe("error parsing regexp: unexpected ): `a)`");
    expect(failure("mustRegexFind", "x{1001}", "x")).toBe("error parsing regexp: invalid repeat count: `{1001}`");
    expect(failure("mustRegexFind", "[z-a]", "x")).toBe("error parsing regexp: invalid character class range: `z-a`");
    expect(failure("mustRegexFind", "\\Z", "x")).toBe("error parsing regexp: invalid escape sequence: `\\Z`");
    expect(() => GoRegexp.compile("a\\")).toThrow("error parsing regexp: trailing backslash at end of expression: ``");
  });
});
