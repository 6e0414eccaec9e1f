import type { ComponentProps } from "react";
import { cn } from "./cn";

const tones = {
  info: "border-indigo-200 bg-indigo-50 text-indigo-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  error: "border-red-300 bg-red-50 text-red-900",
} as const;

/** A block message; errors are announced (role=alert), the rest are plain status. */
export function Alert({ tone = "info", className, ...props }: ComponentProps<"div"> & { tone?: keyof typeof tones }) {
  return <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border px-3 py-2 text-sm", tones[tone], className)} {...props} />;
}
