"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";

/** "Only differences": kept in the URL (only=1), so a shared link opens the same view. */
export function OnlyDifferencesSwitch({ checked, onHref, offHref }: { checked: boolean; onHref: string; offHref: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center gap-2">
      <Switch
        id="only-differences"
        checked={checked}
        aria-busy={pending}
        onCheckedChange={(on) => start(() => router.replace(on ? onHref : offHref, { scroll: false }))}
      />
      <Label htmlFor="only-differences">Only differences</Label>
    </div>
  );
}
