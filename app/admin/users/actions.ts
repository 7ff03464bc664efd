"use server";
/**
 * Admins manage users here: create local accounts, change roles, disable and enable, reset passwords, and grant
 * operators contexts and namespaces. Each action checks `manage-users` first; lib/auth/users does the change and
 * audits it (who, what, which user; never a password).
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addGrant, changeRole, createLocalUser, removeGrant, resetPassword, setDisabled, type ChangeResult } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { AuthorizationError, authorize } from "../../_server/session";

export interface UserFormState {
  ok?: boolean;
  error?: string;
}

const id = z.string().uuid();
const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

async function answer(change: () => Promise<ChangeResult>): Promise<UserFormState> {
  const result = await change();
  if (!result.ok) return { error: result.error };
  revalidatePath("/admin/users");
  return { ok: true };
}

function refusal(err: unknown): UserFormState {
  if (err instanceof AuthorizationError) return { error: err.message };
  console.error("user management action failed", err);
  return { error: "The server could not complete this (the error was logged)." };
}

function userId(form: FormData): string | null {
  const parsed = id.safeParse(field(form, "userId"));
  return parsed.success ? parsed.data : null;
}

export async function createUserAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    return await answer(() =>
      createLocalUser(db(), admin, { username: field(form, "username"), role: field(form, "role"), password: field(form, "password"), confirm: field(form, "confirm") }),
    );
  } catch (err) {
    return refusal(err);
  }
}

export async function changeRoleAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    const user = userId(form);
    if (!user) return { error: "No such user." };
    return await answer(() => changeRole(db(), admin, user, field(form, "role")));
  } catch (err) {
    return refusal(err);
  }
}

export async function setDisabledAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    const user = userId(form);
    if (!user) return { error: "No such user." };
    return await answer(() => setDisabled(db(), admin, user, field(form, "disabled") === "true"));
  } catch (err) {
    return refusal(err);
  }
}

export async function resetPasswordAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    const user = userId(form);
    if (!user) return { error: "No such user." };
    return await answer(() => resetPassword(db(), admin, user, { password: field(form, "password"), confirm: field(form, "confirm") }));
  } catch (err) {
    return refusal(err);
  }
}

export async function addGrantAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    const user = userId(form);
    if (!user) return { error: "No such user." };
    return await answer(() => addGrant(db(), admin, user, { context: field(form, "context"), namespace: field(form, "namespace") }));
  } catch (err) {
    return refusal(err);
  }
}

export async function removeGrantAction(_prev: UserFormState, form: FormData): Promise<UserFormState> {
  try {
    const admin = await authorize("manage-users");
    const grant = id.safeParse(field(form, "grantId"));
    if (!grant.success) return { error: "No such grant." };
    return await answer(() => removeGrant(db(), admin, grant.data));
  } catch (err) {
    return refusal(err);
  }
}
