// A one-line progress display for long command-line runs (storage:migrate): on a
// terminal it redraws one line on stderr ("[#####.....] 42% 1.2 GB of 2.9 GB, 35 MB/s,
// 12/40 checkpoints"), at most 10 times a second; elsewhere (a log file, CI) it prints
// nothing, and the caller's own lines tell what happened. Small and dependency-free on
// purpose: docs/decisions/096-storage-migration.md says why not a progress library.
import { formatBytes } from "../lib/format";

export class ProgressLine {
  private done = 0;
  private items = 0;
  private last = 0;
  private drawn = false;
  private readonly started = Date.now();

  constructor(private readonly totalBytes: number, private readonly totalItems: number, private readonly out: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  bytes(n: number): void {
    this.done += n;
    this.draw();
  }

  item(): void {
    this.items += 1;
    this.draw(true);
  }

  /** Prints a line above the bar (the bar is redrawn under it). */
  log(line: string, stream: NodeJS.WriteStream = process.stdout): void {
    this.clear();
    stream.write(`${line}\n`);
    this.draw(true);
  }

  clear(): void {
    if (this.drawn) this.out.write("\r\x1b[2K");
    this.drawn = false;
  }

  private draw(force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const share = this.totalBytes > 0 ? Math.min(1, this.done / this.totalBytes) : this.totalItems > 0 ? this.items / this.totalItems : 1;
    const width = 24;
    const full = Math.round(share * width);
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const text = `[${"#".repeat(full)}${".".repeat(width - full)}] ${Math.floor(share * 100)}% ${formatBytes(this.done)} of ${formatBytes(this.totalBytes)}, ${formatBytes(this.done / secs)}/s, ${this.items}/${this.totalItems} checkpoints`;
    this.out.write(`\r\x1b[2K${text.slice(0, Math.max(20, (this.out.columns || 100) - 1))}`);
    this.drawn = true;
  }
}
