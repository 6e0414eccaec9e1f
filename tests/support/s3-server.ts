// Starts a real S3 server process (s3rver) for tests: a temporary directory, a bucket,
// an ephemeral port (or a given one, so a restart answers at the same endpoint).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export type S3Server = {
  endpoint: string;
  port: number;
  bucket: string;
  dir: string;
  /** Env for a registry process or the test's own: MREG_STORAGE_URL and the rest (s3rver's fixed key pair). */
  env(prefix: string): Record<string, string>;
  /** SIGKILL: connections drop mid-request, as when the server dies. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (what was stored is still there). */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
};

const HERE = import.meta.dirname;

async function launch(dir: string, port: number, bucket: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(HERE, "s3rver-process.mjs"), dir, String(port), bucket], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr.slice(0, 500)}`)));
  });
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

export async function startS3Server({ port = 0, bucket = "mreg-test" } = {}): Promise<S3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-s3rver-"));
  const first = await launch(dir, port, bucket);
  let child = first.child;
  const actual = first.port;
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
  };
  const endpoint = `http://127.0.0.1:${actual}`;
  return {
    endpoint, port: actual, bucket, dir,
    env: (prefix) => ({
      MREG_STORAGE_URL: `s3://${bucket}/${prefix}`,
      MREG_S3_ENDPOINT: endpoint,
      MREG_S3_FORCE_PATH_STYLE: "1",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    }),
    kill,
    restart: async () => {
      await kill();
      ({ child } = await launch(dir, actual, bucket));
    },
    stop: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
