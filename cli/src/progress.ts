import { Transform } from "node:stream";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

export function formatBytes(n: number): string {
  let i = 0;
  let v = n;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${UNITS[i]}`;
}

/**
 * A pass-through stream that draws "label  12.3 MiB  4.5 MiB/s" on stderr while
 * bytes flow. Drawn only when enabled (stderr is a terminal, or --progress), at
 * most ten times a second, and finished with a newline.
 */
export function progressMeter(label: string, enabled: boolean, total?: number): Transform {
  const start = Date.now();
  let bytes = 0;
  let last = 0;
  const draw = (final = false) => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const pct = total ? ` ${Math.min(100, Math.floor((bytes / total) * 100))}%` : "";
    const line = `${label} ${formatBytes(bytes)}${total ? ` / ${formatBytes(total)}` : ""}${pct}  ${formatBytes(bytes / secs)}/s`;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}${final ? "\n" : ""}` : final ? `${line}\n` : "");
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (enabled && Date.now() - last > 100) {
        last = Date.now();
        draw();
      }
      cb(null, chunk);
    },
    flush(cb) {
      if (enabled) draw(true);
      cb();
    },
  });
}
