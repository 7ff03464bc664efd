import { describe, expect, it } from "vitest";
import { ItemType, Lexer, type Item } from "@/lib/template/lexer";

function lexAll(text: string): Item[] {
  const l = new Lexer(text);
  const items: Item[] = [];
  for (;;) {
    const it = l.nextItem();
    items.push(it);
    if (it.type === ItemType.EOF || it.type === ItemType.Error) return items;
  }
}

function summary(text: string): string[] {
  return lexAll(text).map((i) => `${ItemType[i.type]}:${i.val}`);
}

describe("lexer", () => {
  it("splits text and actions into typed items with positions and lines", () => {
    const items = lexAll('a\n{{ .Values.x | quote }}');
    expect(items.map((i) => [ItemType[i.type], i.val, i.pos, i.line])).toEqual([
      ["Text", "a\n", 0, 1],
      ["LeftDelim", "{{", 2, 2],
      ["Space", " ", 4, 2],
      ["Field", ".Values", 5, 2],
      ["Field", ".x", 12, 2],
      ["Space", " ", 14, 2],
      ["Pipe", "|", 15, 2],
      ["Space", " ", 16, 2],
      ["Identifier", "quote", 17, 2],
      ["Space", " ", 22, 2],
      ["RightDelim", "}}", 23, 2],
      ["EOF", "", 25, 2],
    ]);
  });

  it("trims whitespace around trim markers, across lines", () => {
    expect(summary("a \n {{- 1 -}} \n b")).toEqual(["Text:a", "LeftDelim:{{", "Number:1", "Space: ", "RightDelim:}}", "Text:b", "EOF:"].filter((s) => s !== "Space: "));
  });

  it("reads {{-3}} as a negative number, not a trim marker", () => {
    expect(summary("{{-3}}")).toEqual(["LeftDelim:{{", "Number:-3", "RightDelim:}}", "EOF:"]);
  });

  it("skips comments, honouring trim markers", () => {
    expect(summary("x {{- /* c */ -}} y")).toEqual(["Text:x", "Text:y", "EOF:"]);
    expect(summary("{{/* a */ }}").pop()).toBe("Error:comment ends before closing delimiter");
    expect(summary("{{/* a ").pop()).toBe("Error:unclosed comment");
  });

  it("recognises keywords, variables, declarations and literals", () => {
    expect(summary('{{range $i, $v := .}}{{"s"}}{{`r`}}{{\'c\'}}{{0x1F}}{{1.5e3}}{{true}}{{nil}}{{end}}').filter((s) => !s.startsWith("Space") && !s.endsWith("Delim:{{") && !s.endsWith("Delim:}}"))).toEqual([
      "Range:range",
      "Variable:$i",
      "Char:,",
      "Variable:$v",
      "Declare::=",
      "Dot:.",
      'String:"s"',
      "RawString:`r`",
      "CharConstant:'c'",
      "Number:0x1F",
      "Number:1.5e3",
      "Bool:true",
      "Nil:nil",
      "End:end",
      "EOF:",
    ]);
  });

  it("reports Go's lexical errors", () => {
    expect(summary("{{ .a-b }}").pop()).toBe("Error:bad character U+002D '-'");
    expect(summary('{{ "abc }}').pop()).toBe("Error:unterminated quoted string");
    expect(summary("{{ `abc }}").pop()).toBe("Error:unterminated raw quoted string");
    expect(summary("{{ 3x }}").pop()).toBe('Error:bad number syntax: "3x"');
    expect(summary("{{ 1 ").pop()).toBe("Error:unclosed action");
    expect(summary("{{ (1 }}").pop()).toBe("Error:unclosed left paren");
    expect(summary("{{ 1) }}").pop()).toBe("Error:unexpected right paren");
    expect(summary("{{ \u00e9x }}").slice(2, 3)).toEqual(["Identifier:\u00e9x"]);
  });

  it("numbers the line of each item from its start", () => {
    const items = lexAll("l1\nl2 {{\n .x\n}}");
    const field = items.find((i) => i.type === ItemType.Field)!;
    expect(field.line).toBe(3);
  });
});
