import type { Command } from "commander";
import { ApiClient } from "./client";

export type GlobalOptions = { master: string; json: boolean; progress: boolean };

/** Options shared by every command (--master, --json, --progress) and a client for the server. */
export function context(cmd: Command): GlobalOptions & { client: ApiClient } {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions>;
  const master = (o.master || process.env.MREG_MASTER || "http://localhost:3000").replace(/\/+$/, "");
  return {
    master,
    json: Boolean(o.json),
    progress: Boolean(o.progress) || Boolean(process.stderr.isTTY),
    client: new ApiClient(master),
  };
}
