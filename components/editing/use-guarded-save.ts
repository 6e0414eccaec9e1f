"use client";

import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";

export type Conflict<T> = { theirs: T; revision: number };

/** Key order from jsonb is stable, but sort anyway so equal values always compare equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, norm(x)]))
      : Array.isArray(v) ? v.map(norm) : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Saves one field with optimistic concurrency. Every save sends the revision the page
 * loaded. On CONFLICT: if the other person did not touch *this* field (its value still
 * equals what this editor started from), the save is retried against the new revision;
 * otherwise the conflict is surfaced so the user chooses to overwrite or take theirs.
 */
export function useGuardedSave<T>({ revision, base, pick, save, onSaved }: {
  revision: number;
  base: T;
  pick: (current: unknown) => T;
  save: (value: T, expectedRevision: number) => Promise<ActionResult<unknown>>;
  onSaved?: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<Conflict<T> | null>(null);
  const [saved, setSaved] = useState(false);
  // What this editor itself last saved. The page's props catch up after revalidation,
  // but a quick second save must not conflict with the first one.
  const own = useRef<{ revision: number; value: T } | null>(null);
  const latest = () => (own.current && own.current.revision > revision ? own.current : { revision, value: base });

  async function attempt(value: T, expected: number, retried: boolean): Promise<boolean> {
    const result = await save(value, expected);
    if (result.ok) {
      const revisionNow = (result.data as { revision?: number } | null)?.revision;
      if (revisionNow !== undefined) own.current = { revision: revisionNow, value };
      return true;
    }
    const current = result.current as { revision?: number } | undefined;
    if (result.code === "CONFLICT" && current?.revision !== undefined) {
      const theirs = pick(current);
      if (!retried && sameValue(theirs, latest().value)) return attempt(value, current.revision, true);
      setConflict({ theirs, revision: current.revision });
      return false;
    }
    setError(result.message);
    setFieldErrors(result.fieldErrors);
    return false;
  }

  async function run(value: T, expected: number) {
    setPending(true);
    setError(null);
    setFieldErrors({});
    setConflict(null);
    setSaved(false);
    try {
      if (await attempt(value, expected, false)) {
        setSaved(true);
        onSaved?.();
      }
    } catch {
      setError("Could not reach the server; your text is still here, try again.");
    } finally {
      setPending(false);
    }
  }

  return {
    pending,
    error,
    fieldErrors,
    conflict,
    /** True after the last save succeeded (for a "Saved" status). */
    saved,
    submit: (value: T) => run(value, latest().revision),
    /** The user saw their version and still wants theirs replaced. */
    overwrite: (value: T) => conflict && run(value, conflict.revision),
    reset: () => { setError(null); setFieldErrors({}); setConflict(null); setSaved(false); },
  };
}
