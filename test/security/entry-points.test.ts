/**
 * Every server action and route handler checks the caller on the server. This test finds them all (files with
 * "use server", and route.ts files) and requires each exported function to call `authorize(` before doing anything,
 * unless it is one of the few public entry points listed below with the reason it is public. A new action or route
 * therefore cannot be added without a role check, or without saying here why it needs none.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const PUBLIC: Record<string, string> = {
  "app/signin/actions.ts#signIn": "signing in is what a caller without a session does; it is throttled and audited",
  "app/signin/actions.ts#signOut": "ends the caller's own session only",
  "app/setup/actions.ts#createAdmin": "first-run setup; createFirstAdmin refuses once any account exists, in one transaction",
  "app/api/health/route.ts#GET": "health checks must answer without a session (load balancers, npm start)",
  "app/api/auth/oidc/login/route.ts#GET": "starts single sign-on for a caller without a session; it only redirects to the configured provider",
  "app/api/auth/oidc/callback/route.ts#GET": "finishes single sign-on: checks state, PKCE, nonce and the ID token before any session exists; every outcome is audited",
};

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
