// The shared frame of `npm start` and `npm run dev`: prepare the database (embedded
// unless DATABASE_URL is set), optionally prepare more (the production build), then
// run the server as a child with DATABASE_URL set; forward SIGINT/SIGTERM/SIGHUP to
// it and wait for it to finish (a graceful shutdown may take a while), and stop the
// embedded PostgreSQL this process started once the server has exited.
import { spawn, type ChildProcess } from "node:child_process";
import { prepareDatabase } from "../../lib/db/bootstrap";
import type { EmbeddedCluster } from "../../lib/db/embedded-postgres";
import { describeStartupError } from "../../lib/db/startup-errors";

export const log = (line: string) => console.log(`[registry] ${line}`);

export async function runWithDatabase(opts: {
  beforeServe?: () => Promise<void>;
  command: { bin: string; args: string[] };
}): Promise<never> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const external = Boolean(process.env.DATABASE_URL);
  let cluster: EmbeddedCluster | undefined;
  let child: ChildProcess | undefined;
  let stopRequested: NodeJS.Signals | undefined;

  const stopCluster = () => {
    if (!cluster?.started) return;
    log("stopping embedded PostgreSQL");
    cluster.stop();
    cluster = undefined;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (child && child.exitCode === null) child.kill(signal);
    else stopRequested ??= signal;
  };
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);

  const fail = (err: unknown): never => {
    console.error(`[registry] ${describeStartupError(err, process.env.DATABASE_URL, external)}`);
    if (process.env.MREG_DEBUG_STARTUP) console.error(err);
    stopCluster();
    process.exit(1);
  };
  const stopIfAsked = () => {
    if (!stopRequested) return;
    stopCluster();
    process.exit(0);
  };

  try {
    cluster = (await prepareDatabase()).cluster;
  } catch (err) {
    fail(err);
  }
  stopIfAsked();
  try {
    await opts.beforeServe?.();
  } catch (err) {
    console.error(`[registry] ${String((err as Error).message ?? err)}`);
    stopCluster();
    process.exit(1);
  }
  stopIfAsked();

  child = spawn(opts.command.bin, opts.command.args, { stdio: "inherit", env: process.env });
  return new Promise<never>(() => {
    child!.on("exit", (code, signal) => {
      stopCluster();
      process.exit(code ?? (signal ? 1 : 0));
    });
  });
}
