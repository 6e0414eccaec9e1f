import { Button, type ButtonProps } from "@/components/ui/button";

/** The "⋯" button that opens a model's row menu; the same markup before and after the menu code loads. */
export function RowMenuButton({ modelName, ...props }: ButtonProps & { modelName: string }) {
  return (
    <Button variant="ghost" size="icon" aria-label={`Actions for ${modelName}`} {...props}>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
        <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
      </svg>
    </Button>
  );
}
