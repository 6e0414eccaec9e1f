import type { Command } from "commander";
import { fetchAll, modelPath, type TWireVersion } from "../api";
import { context } from "../context";
import { fields, json1, print, printJson, size, table, when, type Cell } from "../output";

const batches = (v: TWireVersion) => v.checkpoint.metadata.steps_completed as Cell;

export function versionTable(versions: TWireVersion[]): string {
  return table(["Version", "Name", "Aliases", "Checkpoint", "Batches", "Comment", "Created"], versions.map((v) => (
    [v.version, v.name, (v.aliases ?? []).join(", "), v.checkpoint.uuid, batches(v), v.comment, when(v.creationTime)]
  )), 40);
}

export function printVersion(v: TWireVersion): void {
  const cp = v.checkpoint;
  const resources = Object.entries(cp.resources);
  print(fields([
    ["Model", v.model.name], ["Version", v.version], ["Aliases", (v.aliases ?? []).join(", ")], ["Name", v.name],
    ["Comment", v.comment], ["Labels", v.labels.join(", ")], ["Created", when(v.creationTime)],
    ["Owner", v.username], ["Metadata", json1(v.metadata)], ["Checkpoint", cp.uuid],
    ["State", cp.state.replace(/^STATE_/, "")], ["Batches", batches(v)],
  ]));
  if (resources.length) print(`\n${table(["File", "Size"], resources.map(([p, s]) => [p, size(s)]), 80)}`);
}

export function registerVersionCommands(model: Command): void {
  model.command("register-version").description("register a checkpoint as the model's next version")
    .argument("<name>").argument("<checkpoint-uuid>")
    .option("--name <name>", "version name")
    .option("--comment <text>", "comment")
    .action(async (name: string, uuid: string, o: { name?: string; comment?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const { modelVersion: v } = await client.create<{ modelVersion: TWireVersion }>(`${modelPath(name)}/versions`, { checkpointUuid: uuid, name: o.name, comment: o.comment });
      if (json) printJson(v);
      else print(`Registered checkpoint ${uuid} as version ${v.version} of model "${v.model.name}".`);
    });

  model.command("list-versions").description("list a model's versions")
    .argument("<name>")
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { items } = await fetchAll<TWireVersion>(client, `${modelPath(name)}/versions`, "modelVersions", { orderBy: "ORDER_BY_ASC" });
      if (json) return printJson(items);
      print(items.length ? versionTable(items) : `Model "${name}" has no versions yet.`);
    });
}
