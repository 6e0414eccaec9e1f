"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { removeAliasAction, setAliasAction } from "@/app/models/[name]/alias-actions";
import { RelativeTime } from "@/components/time/relative-time";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { aliasWriteProblem } from "@/lib/schemas/alias-name";
import { AliasChip, LockIcon } from "./alias-chip";

/** An alias as the page loaded it (dates as ISO text). */
export type AliasView = { alias: string; version: number | null; protected: boolean; setBy: string; setAt: string; reason: string };

type Props = {
  model: { id: number; name: string; archived: boolean };
  version: number;
  /** Every alias of the model as the page loaded it: the dialog shows what each names before you confirm. */
  aliases: AliasView[];
  /** Alias names protected on this model, set or not. */
  protectedAliases: string[];
  can: { aliases: boolean; protectedAliases: boolean };
};

/** What the user saw an alias name, shown before confirming and sent as expectedVersion. */
function Current({ alias, seen, version }: { alias: string; seen: AliasView | undefined; version: number }) {
  if (!seen || seen.version === null) return <p>“{alias}” names no version yet: this sets it.</p>;
  if (seen.version === version) return <p>“{alias}” already names version {version}.</p>;
  return (
    <p>
      “{alias}” names <strong>version {seen.version}</strong> now (set by {seen.setBy} <RelativeTime date={seen.setAt} />
      {seen.reason ? <>: “{seen.reason}”</> : null}). Promoting moves it to version {version}.
    </p>
  );
}

/** Someone changed the alias between loading and confirming: say who, and what it names now. */
function Lost({ alias, current }: { alias: string; current: AliasView }) {
  return (
    <div role="alert" aria-label={`Conflict: ${alias}`} className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-medium">
        {current.setBy} {current.version === null ? `removed “${alias}”` : `moved “${alias}” to version ${current.version}`}{" "}
        <RelativeTime date={current.setAt} />, after you opened this page. Your change was not applied.
      </p>
      {current.reason ? <p>Their reason: “{current.reason}”</p> : null}
      <p>Look at what it names now before trying again.</p>
    </div>
  );
}

const toView = (a: { alias: string; version: number | null; protected: boolean; setBy: string; setAt: Date | string; reason: string }): AliasView =>
  ({ ...a, setAt: typeof a.setAt === "string" ? a.setAt : a.setAt.toISOString() });

function PromoteDialog({ model, version, known, protectedAliases, canProtected, open, onOpenChange }: {
  model: Props["model"]; version: number; known: Map<string, AliasView>; protectedAliases: string[]; canProtected: boolean;
  open: boolean; onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const listId = useId();
  const [alias, setAlias] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [lost, setLost] = useState<AliasView | null>(null);
  const [pending, setPending] = useState(false);
  // What the user is shown, and so what is sent as expectedVersion: after a lost race, what won.
  const [seen, setSeen] = useState<Map<string, AliasView>>(known);
  const problem = alias ? aliasWriteProblem(alias) : null;
  const current = seen.get(alias);
  const isProtected = Boolean(current?.protected || protectedAliases.includes(alias));
  const needsReason = isProtected && !reason.trim();
  const forbidden = isProtected && !canProtected;
  const unchanged = current?.version === version;

  function reset(o: boolean) {
    setAlias(""); setReason(""); setError(null); setLost(null); setSeen(known);
    onOpenChange(o);
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!alias || problem || needsReason || forbidden || unchanged) return;
    setPending(true);
    setError(null);
    try {
      const r = await setAliasAction(model.id, alias, version, current?.version ?? null, reason);
      if (r.ok) {
        reset(false);
        router.refresh();
        return;
      }
      if (r.code === "CONFLICT" && r.current) {
        const now = toView(r.current as AliasView);
        setLost(now);
        setSeen(new Map(seen).set(alias, now));
        router.refresh();
      } else {
        setError(r.fieldErrors.reason ?? r.message);
      }
    } finally {
      setPending(false);
    }
  }
  const names = [...new Set([...known.keys(), ...protectedAliases])].sort();
  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent title={`Promote version ${version} of “${model.name}”`} description="Point an alias at this version. Serving jobs and CI that ask for the alias get this version from then on.">
        <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
          <Field id="promote-alias" label="Alias" hint="Pick one or type a new one: lowercase letters, digits, - and _." error={alias ? problem : null}>
            <Input {...describedBy("promote-alias", alias ? problem : null)} list={listId} value={alias} autoComplete="off"
              onChange={(e) => { setAlias(e.target.value.trim()); setError(null); setLost(null); }} placeholder="production" />
            <datalist id={listId}>{names.map((n) => <option key={n} value={n} />)}</datalist>
          </Field>
          {alias && !problem ? (
            <div aria-live="polite" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
              <Current alias={alias} seen={current} version={version} />
              {isProtected ? (
                <p className="flex items-start gap-1.5"><LockIcon className="mt-0.5 shrink-0" />
                  <span>“{alias}” is protected: only workspace admins may move it, and a reason is required.{forbidden ? " You cannot move it." : ""}</span>
                </p>
              ) : null}
            </div>
          ) : null}
          {lost ? <Lost alias={alias} current={lost} /> : null}
          <Field id="promote-reason" label={isProtected ? "Reason (required)" : "Reason (optional)"} hint="Shown in the history and the alias timeline.">
            <Textarea {...describedBy("promote-reason")} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={2} />
          </Field>
          <FieldError message={error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => reset(false)}>Cancel</Button>
            <Button type="submit" disabled={pending || !alias || Boolean(problem) || needsReason || forbidden || unchanged}>
              {pending ? "Promoting…" : alias && !problem ? (lost ? `Move “${alias}” to version ${version} anyway` : `Point “${alias}” at version ${version}`) : "Promote"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function RemoveDialog({ model, target, canProtected, onOpenChange }: {
  model: Props["model"]; target: AliasView | null; canProtected: boolean; onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [lost, setLost] = useState<AliasView | null>(null);
  const [pending, setPending] = useState(false);
  const needsReason = Boolean(target?.protected) && !reason.trim();
  function close(o: boolean) {
    setReason(""); setError(null); setLost(null);
    onOpenChange(o);
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target || target.version === null || needsReason) return;
    setPending(true);
    try {
      const r = await removeAliasAction(model.id, target.alias, target.version, reason);
      if (r.ok) {
        close(false);
        router.refresh();
      } else if (r.code === "CONFLICT" && r.current) {
        setLost(toView(r.current as AliasView));
        router.refresh();
      } else {
        setError(r.message);
      }
    } finally {
      setPending(false);
    }
  }
  return (
    <Dialog open={target !== null} onOpenChange={close}>
      <DialogContent title={`Remove alias “${target?.alias}”?`} description={`“${target?.alias}” will name no version of “${model.name}”; anything asking for it gets a “not found” until it is set again.`}>
        <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
          {lost && target ? <Lost alias={target.alias} current={lost} /> : null}
          {target?.protected && !canProtected ? <p className="text-sm text-slate-700">It is protected: only workspace admins may remove it.</p> : null}
          <Field id="remove-reason" label={target?.protected ? "Reason (required)" : "Reason (optional)"}>
            <Textarea {...describedBy("remove-reason")} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={2} />
          </Field>
          <FieldError message={error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => close(false)}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={pending || needsReason || Boolean(lost) || (Boolean(target?.protected) && !canProtected)}>
              {pending ? "Removing…" : "Remove alias"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The version page's aliases: chips (each removable), and Promote. */
export function AliasControls({ model, version, aliases, protectedAliases, can }: Props) {
  const [promoting, setPromoting] = useState(false);
  const [removing, setRemoving] = useState<AliasView | null>(null);
  const mine = aliases.filter((a) => a.version === version);
  const known = new Map(aliases.map((a) => [a.alias, a]));
  const editable = can.aliases && !model.archived;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {mine.length ? (
        <ul aria-label={`Aliases of version ${version}`} className="flex flex-wrap gap-1.5">
          {mine.map((a) => (
            <li key={a.alias} className="inline-flex items-center gap-0.5">
              <AliasChip modelName={model.name} alias={a.alias} isProtected={a.protected} />
              {editable && (!a.protected || can.protectedAliases) ? (
                <button type="button" onClick={() => setRemoving(a)} aria-label={`Remove alias ${a.alias}`}
                  className="rounded-full p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
                  <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3" fill="none" stroke="currentColor" strokeWidth="2"><path d="M4 4l8 8M12 4l-8 8" /></svg>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : <span className="text-sm text-slate-500">No aliases</span>}
      {editable ? <Button variant="secondary" size="sm" onClick={() => setPromoting(true)}>Promote…</Button> : null}
      <PromoteDialog model={model} version={version} known={known} protectedAliases={protectedAliases} canProtected={can.protectedAliases} open={promoting} onOpenChange={setPromoting} />
      <RemoveDialog model={model} target={removing} canProtected={can.protectedAliases} onOpenChange={(o) => { if (!o) setRemoving(null); }} />
    </div>
  );
}
