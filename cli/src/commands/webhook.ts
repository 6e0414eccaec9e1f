import type { Command } from "commander";
import type { z } from "zod";
import type { ZWireDelivery, ZWireWebhook } from "../../../lib/http/wire/webhook";
import { WEBHOOK_EVENT_TYPES } from "../../../lib/schemas/webhook";
import { context } from "../context";
import { fields, print, printJson, table, when } from "../output";

type Webhook = z.infer<typeof ZWireWebhook>;
type Delivery = z.infer<typeof ZWireDelivery>;
const list = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

function webhookLines(w: Webhook): string {
  return fields([
    ["Id", w.id], ["URL", w.url], ["Description", w.description], ["Events", w.events.join(", ")],
    ["Workspace", w.workspace ?? "(every workspace)"], ["Model filter", w.modelFilter ?? ""], ["Alias filter", w.aliasFilter ?? ""],
    ["Enabled", w.enabled ? "yes" : `no${w.disabledReason ? ` (${w.disabledReason})` : ""}`],
  ]);
}

export function registerWebhook(program: Command): void {
  const webhook = program.command("webhook").description("webhook subscriptions: signed HTTP calls on registry events (workspace or registry admins)");

  webhook.command("create").description("subscribe a URL to events; prints the signing secret once")
    .argument("<url>")
    .requiredOption("-e, --events <types>", `comma-separated event types, or "all": ${WEBHOOK_EVENT_TYPES.join(", ")}`, list)
    .option("--model <glob>", "only models whose name matches, e.g. fraud-*")
    .option("--alias <name>", "alias events only for this alias")
    .option("-w, --workspace <name>", "only this workspace's events (default: every workspace, registry admins)")
    .option("-d, --description <text>", "what it is for")
    .option("--disabled", "create it disabled")
    .action(async (url: string, o: { events: string[]; model?: string; alias?: string; workspace?: string; description?: string; disabled?: boolean }, cmd: Command) => {
      const { client, json } = context(cmd);
      const events = o.events.includes("all") ? [...WEBHOOK_EVENT_TYPES] : o.events;
      const reply = await client.json<{ webhook: Webhook; secret: string }>("POST", "/api/v1/webhooks", {
        body: { url, events, modelFilter: o.model, aliasFilter: o.alias, workspace: o.workspace, description: o.description, enabled: !o.disabled },
      });
      if (json) return printJson(reply);
      print(`${webhookLines(reply.webhook)}\nSecret:       ${reply.secret}\n\nKeep the secret now: it is not shown again (mreg webhook rotate makes a new one).`);
    });

  webhook.command("ls").alias("list").description("the subscriptions you manage")
    .action(async (_o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { webhooks } = await client.json<{ webhooks: Webhook[] }>("GET", "/api/v1/webhooks");
      if (json) return printJson(webhooks);
      if (!webhooks.length) return print("No webhook subscriptions.");
      print(table(["Id", "URL", "Events", "Workspace", "Model", "Enabled"], webhooks.map((w) => [
        w.id, w.url, w.events.length === WEBHOOK_EVENT_TYPES.length ? "all" : w.events.join(","), w.workspace ?? "*", w.modelFilter ?? "",
        w.enabled ? "yes" : w.disabledReason ? "no (failing)" : "no",
      ]), 60));
    });

  webhook.command("rm").alias("remove").description("delete a subscription and its delivery log").argument("<id>")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const { client } = context(cmd);
      await client.json("DELETE", `/api/v1/webhooks/${encodeURIComponent(id)}`);
      print(`Deleted webhook ${id}.`);
    });

  webhook.command("test").description("send a ping to the subscription").argument("<id>")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const reply = await client.json<{ deliveryId: string; webhookId: string }>("POST", `/api/v1/webhooks/${encodeURIComponent(id)}/test`);
      if (json) return printJson(reply);
      print(`Ping queued: delivery ${reply.deliveryId} (webhook-id ${reply.webhookId}); see mreg webhook deliveries --subscription ${id}.`);
    });

  webhook.command("rotate").description("a new signing secret (printed once); the old one keeps signing for 24 h").argument("<id>")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const reply = await client.json<{ webhook: Webhook; secret: string }>("POST", `/api/v1/webhooks/${encodeURIComponent(id)}/rotate-secret`);
      if (json) return printJson(reply);
      print(`Secret: ${reply.secret}\nThe previous secret signs too until ${when(reply.webhook.previousSecretUntil)}.`);
    });

  webhook.command("deliveries").description("the delivery log, newest first")
    .option("-s, --subscription <id>", "one subscription's")
    .option("-e, --event <type>", "one event type's")
    .option("--status <status>", "pending, succeeded or failed")
    .option("-n, --limit <n>", "how many", "20")
    .action(async (o: { subscription?: string; event?: string; status?: string; limit: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const reply = await client.json<{ deliveries: Delivery[]; total: number }>("GET", "/api/v1/webhooks/deliveries", {
        query: { subscription: o.subscription, event: o.event, status: o.status, limit: o.limit },
      });
      if (json) return printJson(reply);
      if (!reply.deliveries.length) return print("No deliveries.");
      print(table(["Id", "Event", "Status", "Attempts", "Last answer", "Created"], reply.deliveries.map((d) => {
        const last = d.log[d.log.length - 1];
        return [d.id, d.eventType, d.status, d.attempts, last ? (last.statusCode ?? last.error) : "", when(d.createdAt)];
      })));
      print(`${reply.deliveries.length} of ${reply.total}`);
    });

  webhook.command("redeliver").description("send a delivery again (same webhook-id and body)").argument("<deliveryId>")
    .action(async (id: string, _o: unknown, cmd: Command) => {
      const { client } = context(cmd);
      await client.json("POST", `/api/v1/webhooks/deliveries/${encodeURIComponent(id)}/redeliver`);
      print(`Delivery ${id} queued again.`);
    });
}
