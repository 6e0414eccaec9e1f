import { formatExact, formatRelative } from "@/lib/format";

/** "3 hours ago", with the exact time on hover and in the machine-readable attribute. */
export function RelativeTime({ date }: { date: Date | string }) {
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} title={formatExact(d)} suppressHydrationWarning>
      {formatRelative(d)}
    </time>
  );
}
