"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";

// The form (zod rules, metadata editor) loads when the dialog first opens, keeping it
// out of the Model Registry page's first-load JavaScript.
const CreateModelForm = dynamic(() => import("./create-model-form").then((m) => m.CreateModelForm), {
  loading: () => <p className="py-6 text-sm text-slate-500">Loading form…</p>,
});

export function NewModelButton({ label = "New model" }: { label?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>{label}</Button>
      </DialogTrigger>
      <DialogContent title="New model" description="Register a model; you can add versions from checkpoints afterwards." className="max-w-xl">
        <CreateModelForm
          onCancel={() => setOpen(false)}
          onCreated={(m) => router.push(`/models/${encodeURIComponent(m.name)}`)}
        />
      </DialogContent>
    </Dialog>
  );
}
