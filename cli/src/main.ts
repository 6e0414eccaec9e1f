// mreg: the registry's command-line client, over the REST API only (never the
// database), so it works from any machine that can reach the server.
import { Command } from "commander";
import { registerCheckpoint } from "./commands/checkpoint";
import { registerLogin } from "./commands/login";
import { registerModel } from "./commands/model";
import { registerWorkspace } from "./commands/workspace";
import { registerWebhook } from "./commands/webhook";
import { oneLine } from "./errors";
import { VERSION } from "./version";

export async function main(argv: string[]): Promise<void> {
  // Not commander's .version(): its --version would also swallow
  // `model describe <name> --version N`, since global options are seen anywhere.
  if (argv[2] === "--version" || argv[2] === "-V") return void process.stdout.write(`${VERSION}\n`);
  const program = new Command("mreg")
    .description(`model registry command-line client (mreg ${VERSION}; \`mreg --version\` prints the version)`)
    .option("-m, --master <url>", "registry server (default: $MREG_MASTER or http://localhost:3000)")
    .option("--json", "print JSON instead of tables")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .configureOutput({ outputError: (str, write) => write(`error: ${oneLine(str.replace(/^error: /, ""))}\n`) });
  registerLogin(program);
  registerModel(program);
  registerCheckpoint(program);
  registerWorkspace(program);
  registerWebhook(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`error: ${oneLine(err)}\n`);
    process.exitCode = (err as { exitCode?: number }).exitCode || 1;
  }
}
