"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { revokeTokenAction } from "./actions";

export type TokenRow = { id: number; username: string; kind: string; name: string; created: string; expires: string; session: boolean };

/** What a row is, in words: "API token "ci" of ana"; sessions have no name, their start tells them apart. */
const describe = (t: TokenRow) => (t.name ? `${t.kind} "${t.name}" of ${t.username}` : `${t.kind} of ${t.username} from ${t.created}`);

/**
 * Tokens and sessions, each revocable after a confirmation. The outcome is shown above
 * the table and takes the focus: the revoked row, and the button that was focused in
 * it, are gone once the page refreshes.
 */
export function TokenTable({ tokens }: { tokens: TokenRow[] }) {
  const [asking, setAsking] = useState<TokenRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const revoked = useRef(false);
  return (
    <div className="mt-4 space-y-2">
      {done ? <Alert ref={outcome} tabIndex={-1}>{done}</Alert> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">API tokens, CLI logins and web sessions</caption>
          <thead>
            <tr className="text-left text-slate-600">
              {["User", "Kind", "Name", "Created (UTC)", "Expires (UTC)"].map((h) => <th key={h} scope="col" className="p-1 font-medium">{h}</th>)}
              <th scope="col" className="p-1"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-200">
                <td className="p-1">{t.username}</td>
                <td className="p-1">{t.kind}</td>
                <td className="p-1">{t.name}</td>
                <td className="p-1 whitespace-nowrap">{t.created}</td>
                <td className="p-1 whitespace-nowrap">{t.expires}</td>
                <td className="p-1 text-right">
                  <Button size="sm" variant="danger" aria-label={`Revoke ${describe(t)}`} onClick={() => setAsking(t)}>Revoke</Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(open) => { if (!open) setAsking(null); }}
        title={asking ? `Revoke the ${describe(asking)}?` : ""}
        description={asking?.session
          ? `${asking.username} is signed out of that browser at once.`
          : "Every program using it is refused from now on. This cannot be undone; create a new token if one is still needed."}
        confirmLabel="Revoke"
        onConfirm={async () => {
          if (!asking) return;
          const form = new FormData();
          form.set("id", String(asking.id));
          const result = await revokeTokenAction({ ok: null, message: "" }, form);
          if (!result.ok) return result.message;
          revoked.current = true;
          setDone(`Revoked the ${describe(asking)}.`);
        }}
        onCloseAutoFocus={(e) => {
          if (!revoked.current) return; // cancelled: back to the row's button
          revoked.current = false;
          e.preventDefault();
          outcome.current?.focus();
        }}
      />
    </div>
  );
}
