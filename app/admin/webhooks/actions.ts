"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { toFailure } from "@/lib/actions/result";
import { createWebhook, deleteWebhook, pingWebhook, redeliver, rotateWebhookSecret, updateWebhook } from "@/lib/registry";
import type { AdminFormState } from "../users/actions";

const text = (form: FormData, key: string) => String(form.get(key) ?? "").trim();
const optional = (form: FormData, key: string) => text(form, key) || undefined;

// Each action: the acting user, then one domain call (which checks the actor may manage
// the subscription's workspace); the outcome is a message the form shows.
async function runForm(fn: () => Promise<string | { message: string; token: string }>): Promise<AdminFormState> {
  try {
    const out = await fn();
    revalidatePath("/admin/webhooks");
    return typeof out === "string" ? { ok: true, message: out } : { ok: true, ...out };
  } catch (err) {
    return { ok: false, message: toFailure(err).message };
  }
}

export async function createWebhookAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const { webhook, secret } = await createWebhook({
      actor: await currentActor(),
      input: {
        url: text(form, "url"), description: text(form, "description"), events: form.getAll("events").map(String) as never,
        modelFilter: optional(form, "modelFilter"), aliasFilter: optional(form, "aliasFilter"), workspace: optional(form, "workspace"),
      },
    });
    return { message: `Subscribed ${webhook.url}. Copy the signing secret now: it is not shown again.`, token: secret };
  });
}

export async function setEnabledAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const enabled = text(form, "enabled") === "true";
    await updateWebhook({ actor: await currentActor(), id: text(form, "id"), input: { enabled } });
    return enabled ? "Enabled." : "Disabled: no new events are queued for it, and queued ones wait until it is enabled again.";
  });
}

export async function rotateSecretAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const { secret } = await rotateWebhookSecret({ actor: await currentActor(), id: text(form, "id") });
    return { message: "New secret. The previous one keeps signing beside it for 24 hours. Copy it now: it is not shown again.", token: secret };
  });
}

export async function testWebhookAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    const { deliveryId } = await pingWebhook({ actor: await currentActor(), id: text(form, "id") });
    return `Ping queued (delivery ${deliveryId}); it appears in the delivery log below.`;
  });
}

export async function deleteWebhookAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    await deleteWebhook({ actor: await currentActor(), id: text(form, "id") });
    return "Deleted.";
  });
}

export async function redeliverAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return runForm(async () => {
    await redeliver({ actor: await currentActor(), deliveryId: text(form, "id") });
    return "Queued again.";
  });
}
