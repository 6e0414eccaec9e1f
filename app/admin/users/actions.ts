"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { toFailure } from "@/lib/actions/result";
import { createApiToken, createUser, resetPassword, revokeToken, setWorkspaceRole } from "@/lib/registry";

export type AdminFormState = { ok: boolean | null; message: string; token?: string };

const text = (form: FormData, key: string) => String(form.get(key) ?? "");

// Each action: the acting user first (the domain refuses anyone but an administrator),
// then one domain call; the result is a message the form shows.
async function runForm(fn: () => Promise<string | { message: string; token: string }>): Promise<AdminFormState> {
  try {
    const out = await fn();
    revalidatePath("/admin/users");
    return typeof out === "string" ? { ok: true, message: out } : { ok: true, ...out };
  } catch (err) {
    return { ok: false, message: toFailure(err).message };
  }
}

export async function createUserAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const actor = await currentActor();
    const user = await createUser({
      actor,
      input: {
        username: text(form, "username"), displayName: text(form, "displayName"),
        password: text(form, "password"), admin: form.get("admin") === "on",
      },
    });
    const role = text(form, "role");
    if (role) await setWorkspaceRole({ actor, input: { username: user.username, workspace: text(form, "workspace"), role: role as never } });
    return `Added ${user.username}.`;
  });
}

export async function setRoleAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const role = text(form, "role");
    await setWorkspaceRole({
      actor: await currentActor(),
      input: { username: text(form, "username"), workspace: text(form, "workspace"), role: role ? (role as never) : null },
    });
    return `Role of ${text(form, "username")} in ${text(form, "workspace")}: ${role ? role.toLowerCase() : "none"}.`;
  });
}

export async function resetPasswordAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    await resetPassword({ actor: await currentActor(), input: { username: text(form, "username"), password: text(form, "password") } });
    return `New password set for ${text(form, "username")}; their sessions and tokens were revoked.`;
  });
}

export async function createTokenAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const { token, info } = await createApiToken({
      actor: await currentActor(),
      input: { username: text(form, "username"), name: text(form, "name"), days: text(form, "days") || undefined },
    });
    return { message: `Token "${info.name}" for ${info.username}, valid until ${info.expiresAt.toISOString().slice(0, 10)}. Copy it now: it is not shown again.`, token };
  });
}

export async function revokeTokenAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    await revokeToken({ actor: await currentActor(), id: Number(text(form, "id")) });
    return "Revoked.";
  });
}
