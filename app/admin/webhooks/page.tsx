import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Input, Select } from "@/components/ui/input";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listDeliveries, listWebhooks, myRoles, parse, webhookKeyConfigured } from "@/lib/registry";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, ZDeliveriesQuery } from "@/lib/schemas/webhook";
import { ActionForm } from "../users/action-form";
import {
  createWebhookAction, deleteWebhookAction, redeliverAction, rotateSecretAction, setEnabledAction, testWebhookAction,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

function Labelled({ label, children }: { label: ReactNode; children: ReactNode }) {
  return <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">{label}{children}</label>;
}
const minute = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireSignedIn();
  const { roles } = await myRoles({ actor });
  const adminOf = Object.entries(roles).filter(([, r]) => r === "ADMIN").map(([w]) => w);
  if (!actor.admin && !adminOf.length) {
    return <p role="alert" className="text-sm">Webhooks are managed by workspace and registry administrators. You are signed in as {actor.username}.</p>;
  }
  const sp = await searchParams;
  const filters = { subscription: one(sp.subscription), event: one(sp.event), status: one(sp.status) };
  let query;
  try { query = parse(ZDeliveriesQuery, filters); } catch { query = {}; }
  const [webhooks, log] = await Promise.all([listWebhooks({ actor }), listDeliveries({ actor, query })]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      {!webhookKeyConfigured() ? (
        <Alert tone="error">Webhooks are off on this server: MREG_WEBHOOK_KEY is not set (see the README&apos;s configuration table).</Alert>
      ) : null}

      <section aria-labelledby="new-webhook" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="new-webhook" className="mb-2 font-semibold">New subscription</h2>
        <ActionForm action={createWebhookAction} submit="Create subscription" tokenLabel="Copy secret" className="flex flex-wrap items-end gap-3">
          <Labelled label="Target URL"><Input name="url" type="url" className="w-80" placeholder="https://ci.example.com/hooks/registry" required autoComplete="off" /></Labelled>
          <Labelled label="Description"><Input name="description" className="w-56" autoComplete="off" /></Labelled>
          <Labelled label="Workspace">
            <Select name="workspace" className="w-44" defaultValue={actor.admin ? "" : adminOf[0]}>
              {actor.admin ? <option value="">every workspace</option> : null}
              {(actor.admin ? Object.keys(roles) : adminOf).map((w) => <option key={w} value={w}>{w}</option>)}
            </Select>
          </Labelled>
          <Labelled label="Model name filter (optional)"><Input name="modelFilter" className="w-44" placeholder="fraud-*" autoComplete="off" /></Labelled>
          <Labelled label="Alias filter (optional)"><Input name="aliasFilter" className="w-36" placeholder="production" autoComplete="off" /></Labelled>
          <fieldset className="basis-full">
            <legend className="text-xs font-medium text-slate-700">Events</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {WEBHOOK_EVENT_TYPES.map((t) => (
                <label key={t} className="flex items-center gap-1.5 text-sm"><input type="checkbox" name="events" value={t} defaultChecked={t.startsWith("version.") || t.startsWith("alias.")} />{t}</label>
              ))}
            </div>
          </fieldset>
        </ActionForm>
      </section>

      <section aria-labelledby="subscriptions">
        <h2 id="subscriptions" className="mb-2 font-semibold">Subscriptions</h2>
        {!webhooks.length ? <p className="text-sm text-slate-600">No subscriptions yet.</p> : (
          <ul className="space-y-3">
            {webhooks.map((w) => (
              <li key={w.id} className="rounded border border-slate-200 bg-white p-3" aria-label={`Webhook ${w.url}`}>
                <div className="text-sm">
                  <strong className="break-all">{w.url}</strong>{w.description ? ` · ${w.description}` : ""}
                  {" · "}{w.enabled ? <span className="text-emerald-800">enabled</span> : <span className="font-semibold text-red-800">disabled</span>}
                </div>
                <div className="mt-1 text-xs text-slate-700">
                  {w.workspace ? `workspace ${w.workspace.name}` : "every workspace"} · {w.events.join(", ")}
                  {w.modelFilter ? ` · models ${w.modelFilter}` : ""}{w.aliasFilter ? ` · alias ${w.aliasFilter}` : ""}
                  {w.previousSecretUntil && w.previousSecretUntil > new Date() ? ` · previous secret valid until ${minute(w.previousSecretUntil)} UTC` : ""}
                </div>
                {w.disabledReason ? <Alert tone="error" className="mt-2">{w.disabledReason}</Alert> : null}
                {w.enabled && w.failingSince ? <p className="mt-1 text-xs text-red-800">Failing since {minute(w.failingSince)} UTC.</p> : null}
                <div className="mt-2 flex flex-wrap items-start gap-3">
                  <ActionForm action={setEnabledAction} submit={w.enabled ? "Disable" : "Enable"} submitName={`${w.enabled ? "Disable" : "Enable"} ${w.url}`}>
                    <input type="hidden" name="id" value={w.id} /><input type="hidden" name="enabled" value={String(!w.enabled)} />
                  </ActionForm>
                  <ActionForm action={testWebhookAction} submit="Send test" submitName={`Send test to ${w.url}`}>
                    <input type="hidden" name="id" value={w.id} />
                  </ActionForm>
                  <ActionForm action={rotateSecretAction} submit="Rotate secret" submitName={`Rotate secret of ${w.url}`} tokenLabel="Copy secret"
                    confirm={{ title: "Rotate the signing secret?", description: "A new secret is shown once. The current one keeps signing beside it for 24 hours, so update your receiver within that time.", confirmLabel: "Rotate secret" }}>
                    <input type="hidden" name="id" value={w.id} />
                  </ActionForm>
                  <ActionForm action={deleteWebhookAction} submit="Delete" submitName={`Delete ${w.url}`} danger
                    confirm={{ title: `Delete the subscription to ${w.url}?`, description: "Its pending deliveries are never sent and its delivery log is deleted.", confirmLabel: "Delete subscription" }}>
                    <input type="hidden" name="id" value={w.id} />
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="log" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="log" className="mb-2 font-semibold">Delivery log</h2>
        <form method="get" className="mb-3 flex flex-wrap items-end gap-3" aria-label="Filter deliveries">
          <Labelled label="Subscription">
            <Select name="subscription" defaultValue={filters.subscription ?? ""} className="w-64">
              <option value="">all</option>
              {webhooks.map((w) => <option key={w.id} value={w.id}>{w.url}</option>)}
            </Select>
          </Labelled>
          <Labelled label="Event">
            <Select name="event" defaultValue={filters.event ?? ""} className="w-44">
              <option value="">all</option>
              {["ping", ...WEBHOOK_EVENT_TYPES].map((t) => <option key={t}>{t}</option>)}
            </Select>
          </Labelled>
          <Labelled label="Status">
            <Select name="status" defaultValue={filters.status ?? ""} className="w-32">
              <option value="">all</option>
              {WEBHOOK_DELIVERY_STATUSES.map((s) => <option key={s}>{s}</option>)}
            </Select>
          </Labelled>
          <button type="submit" className="h-9 rounded border border-slate-300 px-3 text-sm">Filter</button>
        </form>
        {!log.deliveries.length ? <p className="text-sm text-slate-600">No deliveries{filters.subscription || filters.event || filters.status ? " match these filters" : " yet"}.</p> : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Deliveries, newest first ({log.total} in all)</caption>
            <thead><tr className="border-b border-slate-200 text-xs text-slate-700">
              <th scope="col" className="py-1">Event</th><th scope="col">Target</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last attempt</th><th scope="col"><span className="sr-only">Actions</span></th>
            </tr></thead>
            <tbody>
              {log.deliveries.map((d) => {
                const last = d.log[d.log.length - 1];
                return (
                  <tr key={d.id} className="border-b border-slate-100 align-top">
                    <td className="py-1"><span className="font-mono text-xs">{d.eventType}</span><div className="text-xs text-slate-600">{d.webhookId}</div></td>
                    <td className="max-w-56 break-all text-xs">{d.url}</td>
                    <td>{d.status}</td>
                    <td>{d.attempts}</td>
                    <td className="text-xs">
                      {last ? <>{minute(last.at)} UTC · {last.statusCode ?? last.error} · {last.latencyMs} ms{last.response ? <pre className="mt-1 max-w-80 overflow-hidden whitespace-pre-wrap break-all text-slate-700">{last.response.slice(0, 200)}</pre> : null}</> : "not yet attempted"}
                    </td>
                    <td>
                      <ActionForm action={redeliverAction} submit="Redeliver" submitName={`Redeliver ${d.webhookId}`}>
                        <input type="hidden" name="id" value={d.id} />
                      </ActionForm>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
