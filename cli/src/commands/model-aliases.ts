import type { Command } from "commander";
import type { TWireAlias, TWireVersion } from "../../../lib/schemas/api";
import { modelPath } from "../api";
import { context } from "../context";
import { CliError } from "../errors";
import { fields, print, printJson, table, when } from "../output";
import { versionRef } from "../version-ref";

const aliasPath = (model: string, alias: string) => `${modelPath(model)}/aliases/${encodeURIComponent(alias)}`;

/** --expect: a version number, or "none" for "the alias names no version yet". */
function expected(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === "none") return null;
  if (/^\d+$/.test(text)) return Number(text);
  throw new CliError(`--expect must be a version number or "none", not "${text}".`);
}

const protection = (a: TWireAlias) => (a.protected ? "protected" : "");

function aliasLine(a: TWireAlias): string {
  return fields([
    ["Alias", a.alias], ["Version", a.version], ["Protected", a.protected ? "yes" : "no"],
    ["Set by", a.setBy], ["Set at", when(a.setAt)], ["Reason", a.reason],
  ]);
}

/** "<model> <alias>" or "<model>@<alias>" as one argument. */
async function modelAndAlias(cmd: Command, first: string, second: string | undefined) {
  const { client } = context(cmd);
  if (second !== undefined) return { model: first, alias: second };
  const ref = await versionRef(client, first);
  if (!ref.version?.startsWith("@")) throw new CliError(`Say which alias: mreg model alias get <model> <alias> (or <model>@<alias>).`);
  return { model: ref.model, alias: ref.version.slice(1) };
}

export function registerAliasCommands(model: Command): void {
  const alias = model.command("alias").description("point aliases (production, staging, ...) at versions; see what they named when");

  alias.command("set").description("point an alias at a version (set it, or move it)")
    .argument("<model>").argument("<alias>").argument("<version>")
    .option("--expect <n|none>", "refuse (exit 1, naming who moved it) unless the alias still names this version (none: names none)")
    .option("--reason <text>", "why (required for a protected alias)")
    .action(async (m: string, a: string, v: string, o: { expect?: string; reason?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      if (!/^\d+$/.test(v)) throw new CliError(`The version must be a number, not "${v}".`);
      const reply = await client.json<{ alias: TWireAlias; previousVersion: number | null; changed: boolean }>("PUT", aliasPath(m, a), {
        body: { version: Number(v), expectedVersion: expected(o.expect), reason: o.reason },
      });
      if (json) return printJson(reply);
      if (!reply.changed) return print(`"${a}" of "${m}" already names version ${v}; nothing changed.`);
      print(reply.previousVersion === null
        ? `Set "${a}" of "${m}" to version ${v}.`
        : `Moved "${a}" of "${m}" from version ${reply.previousVersion} to version ${v}.`);
    });

  alias.command("rm").alias("remove").description("remove an alias (it names no version afterwards)")
    .argument("<model>").argument("<alias>")
    .option("--expect <n>", "refuse unless the alias still names this version")
    .option("--reason <text>", "why (required for a protected alias)")
    .action(async (m: string, a: string, o: { expect?: string; reason?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const reply = await client.json<{ alias: TWireAlias; previousVersion: number | null }>("DELETE", aliasPath(m, a), {
        body: { expectedVersion: expected(o.expect), reason: o.reason },
      });
      if (json) return printJson(reply);
      print(`Removed "${a}" of "${m}" (it named version ${reply.previousVersion}).`);
    });

  alias.command("ls").alias("list").description("a model's aliases (with --at: those it had at that instant)")
    .argument("<model>")
    .option("--at <time>", "an ISO 8601 instant in the past, e.g. 2026-03-14T09:00:00Z")
    .action(async (m: string, o: { at?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const reply = await client.json<{ aliases: TWireAlias[]; protectedAliases: string[]; at: string | null }>("GET", `${modelPath(m)}/aliases`, { query: { at: o.at } });
      if (json) return printJson(reply);
      if (!reply.aliases.length) return print(o.at ? `"${m}" had no aliases at ${reply.at}.` : `"${m}" has no aliases.`);
      print(table(["Alias", "Version", "Protected", "Set by", "Set at", "Reason"],
        reply.aliases.map((a) => [a.alias, a.version, protection(a), a.setBy, when(a.setAt), a.reason])));
    });

  alias.command("get").description("what an alias names (with --at: named at that instant); also <model>@<alias>")
    .argument("<model>").argument("[alias]")
    .option("--at <time>", "an ISO 8601 instant in the past, e.g. 2026-03-14T09:00:00Z")
    .action(async (first: string, second: string | undefined, o: { at?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const { model: m, alias: a } = await modelAndAlias(cmd, first, second);
      const reply = await client.json<{ alias: TWireAlias; modelVersion: TWireVersion | null; at: string | null }>("GET", aliasPath(m, a), { query: { at: o.at } });
      if (json) return printJson(reply);
      const cp = reply.modelVersion ? `\n${fields([["Checkpoint", reply.modelVersion.checkpoint.uuid]])}` : "\n(that version has been deregistered since)";
      print(`${aliasLine(reply.alias)}${cp}`);
    });

  alias.command("protect").description("only workspace admins may change this alias of this model (admins)")
    .argument("<model>").argument("<alias>")
    .option("--off", "unprotect it on this model (even if the registry protects it by default)")
    .option("--default", "follow the registry default (MREG_PROTECTED_ALIASES) again")
    .option("--reason <text>", "why")
    .action(async (m: string, a: string, o: { off?: boolean; default?: boolean; reason?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      if (o.off && o.default) throw new CliError("Give --off or --default, not both.");
      const setting = o.default ? null : !o.off;
      const reply = await client.json<{ alias: TWireAlias }>("PUT", `${aliasPath(m, a)}/protection`, { body: { protected: setting, reason: o.reason } });
      if (json) return printJson(reply.alias);
      print(`"${a}" of "${m}" is ${reply.alias.protected ? "protected" : "not protected"}${setting === null ? " (the registry default)" : ""}.`);
    });
}
