"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { setAliasProtectionAction } from "@/app/models/[name]/alias-actions";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";

/** Protect or unprotect one alias of one model (workspace admins). */
export function ProtectionToggle({ modelId, alias, isProtected }: { modelId: number; alias: string; isProtected: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    setPending(true);
    const r = await setAliasProtectionAction(modelId, alias, !isProtected);
    setPending(false);
    setError(r.ok ? null : r.message);
    if (r.ok) router.refresh();
  }
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => void toggle()} disabled={pending} aria-label={`${isProtected ? "Unprotect" : "Protect"} alias ${alias}`}>
        {isProtected ? "Unprotect" : "Protect"}
      </Button>
      <FieldError message={error} />
    </>
  );
}
