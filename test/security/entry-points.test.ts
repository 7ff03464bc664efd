/**
 * Every server action and route handler checks the caller on the server. This test finds them all (files with
 * "use server", and route.ts files) and requires each exported function to call `authorize(` before doing anything,
 * unless it is one of the few public entry points listed in ./public-entry-points.ts with the reason it is public. A
 * new action or route therefore cannot be added without a role check, or without saying there why it needs none.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PUBLIC } from "./public-entry-points";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

interface EntryPoint {
  id: string;
  body: string;
}

function entryPoints(): EntryPoint[] {
  const found: EntryPoint[] = [];
  for (const file of files("app")) {
    const text = readFileSync(file, "utf8");
    const isActions = /^\s*["']use server["']/.test(text);
    const isRoute = path.basename(file) === "route.ts";
    if (!isActions && !isRoute) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
        found.push({ id: `${file.split(path.sep).join("/")}#${statement.name.text}`, body: statement.body.getText(source) });
      } else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) && ts.isIdentifier(d.name)) {
            found.push({ id: `${file.split(path.sep).join("/")}#${d.name.text}`, body: d.initializer.getText(source) });
          }
        }
      }
    }
  }
  return found;
}

describe("server entry points", () => {
  const all = entryPoints();

  it("finds the server actions and route handlers", () => {
    expect(all.length).toBeGreaterThanOrEqual(Object.keys(PUBLIC).length + 3);
    for (const id of Object.keys(PUBLIC)) expect(all.map((e) => e.id), `${id} is listed as public but no longer exists`).toContain(id);
  });

  it("every one that is not deliberately public checks the caller's role with authorize()", () => {
    const unchecked = all.filter((e) => !(e.id in PUBLIC) && !/\bauthorize\(/.test(e.body)).map((e) => e.id);
    expect(unchecked, "server actions/route handlers without authorize()").toEqual([]);
  });
});
