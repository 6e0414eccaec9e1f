import readline from "node:readline";
import { Writable } from "node:stream";
import type { Command } from "commander";
import { DEFAULT_USER } from "../client";
import { context } from "../context";
import { CliError } from "../errors";
import { print, printJson } from "../output";

/** Reads a password from the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CliError("No password given: use --password or MREG_PASSWORD when not running in a terminal.");
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

export function registerLogin(program: Command): void {
  program
    .command("login")
    .description("log in and cache a token for this server")
    .argument("[username]", "user to log in as", DEFAULT_USER)
    .option("--password <password>", "password (default: $MREG_PASSWORD, else a prompt)")
    .action(async (username: string, opts: { password?: string }, cmd: Command) => {
      const { client, json, master } = context(cmd);
      const password = opts.password ?? process.env.MREG_PASSWORD ?? (await promptPassword(`Password for ${username}: `));
      await client.login(username, password);
      if (json) printJson({ master, username });
      else print(`Logged in to ${master} as ${username}.`);
    });

  program
    .command("logout")
    .description("forget the cached token for this server")
    .action(async (_opts: unknown, cmd: Command) => {
      const { client, master } = context(cmd);
      await client.logout();
      print(`Logged out of ${master}.`);
    });
}
