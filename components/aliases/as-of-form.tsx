import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** "As of" picker: a plain GET form to /models/{name}?at=..., so the view is a URL to share (UTC, as the page shows times). */
export function AsOfForm({ action, value, id = "as-of" }: { action: string; value?: Date; id?: string }) {
  const local = (value ?? new Date()).toISOString().slice(0, 19);
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-2" aria-label="Show the model as it was">
      <div className="space-y-1">
        <Label htmlFor={id}>As of (UTC)</Label>
        <Input id={id} name="at" type="datetime-local" step="1" defaultValue={local} max={new Date().toISOString().slice(0, 19)} className="w-56" required />
      </div>
      <Button type="submit" variant="secondary">Show as of</Button>
    </form>
  );
}
