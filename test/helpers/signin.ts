/** Browser steps every end-to-end test starts with: the first-run admin setup, and signing in. */
import type { Page } from "playwright-core";

export const ADMIN = { username: "admin", password: "correct horse battery" };

export async function setUpAdmin(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/setup`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
}

export async function signIn(page: Page, baseUrl: string, user = ADMIN): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Releases" }).waitFor();
}
