import { Transform } from "node:stream";
import { formatBytes } from "../../lib/format";

/**
 * "label  12 MB  4.5 MB/s" on stderr as bytes are counted. Drawn only when enabled
 * (stderr is a terminal, or --progress), at most ten times a second, and finished
 * with a newline.
 */
export function progressCounter(label: string, enabled: boolean, total?: number): { add: (n: number) => void; done: () => void } {
  const start = Date.now();
  let bytes = 0;
  let last = 0;
  const draw = (final = false) => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    const pct = total ? ` ${Math.min(100, Math.floor((bytes / total) * 100))}%` : "";
    const line = `${label} ${formatBytes(bytes)}${total ? ` / ${formatBytes(total)}` : ""}${pct}  ${formatBytes(bytes / secs)}/s`;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}${final ? "\n" : ""}` : final ? `${line}\n` : "");
  };
  return {
    add: (n) => {
      bytes += n;
      if (enabled && Date.now() - last > 100) {
        last = Date.now();
        draw();
      }
    },
    done: () => {
      if (enabled) draw(true);
    },
  };
}

/** A pass-through stream that draws a progressCounter while bytes flow. */
export function progressMeter(label: string, enabled: boolean, total?: number): Transform {
  const counter = progressCounter(label, enabled, total);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.add(chunk.length);
      cb(null, chunk);
    },
    flush(cb) {
      counter.done();
      cb();
    },
  });
}
