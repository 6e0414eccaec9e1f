import type { Command } from "commander";
import { fetchAll, modelPath } from "../api";
import { context } from "../context";
import { fields, json1, print, printJson, size, table, when } from "../output";

type Obj = Record<string, unknown>;
const obj = (v: unknown) => (v && typeof v === "object" ? (v as Obj) : {});

export function versionTable(versions: Obj[]): string {
  return table(["Version", "Name", "Checkpoint", "Batches", "Comment", "Created"], versions.map((v) => {
    const cp = obj(v.checkpoint);
    return [v.version as number, v.name as string, cp.uuid as string, obj(cp.metadata).steps_completed as number, v.comment as string, when(v.creationTime)];
  }), 40);
}

export function printVersion(v: Obj): void {
  const cp = obj(v.checkpoint);
  const resources = Object.entries(obj(cp.resources));
  print(fields([
    ["Model", obj(v.model).name as string], ["Version", v.version as number], ["Name", v.name as string],
    ["Comment", v.comment as string], ["Labels", ((v.labels as string[]) ?? []).join(", ")], ["Created", when(v.creationTime)],
    ["Owner", v.username as string], ["Metadata", json1(v.metadata)], ["Checkpoint", cp.uuid as string],
    ["State", String(cp.state ?? "").replace(/^STATE_/, "")], ["Batches", obj(cp.metadata).steps_completed as number],
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
      const { modelVersion: v } = await client.json<{ modelVersion: Obj }>("POST", `${modelPath(name)}/versions`, {
        body: { checkpointUuid: uuid, name: o.name, comment: o.comment },
      });
      if (json) printJson(v);
      else print(`Registered checkpoint ${uuid} as version ${v.version} of model "${obj(v.model).name ?? name}".`);
    });

  model.command("list-versions").description("list a model's versions")
    .argument("<name>")
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { items } = await fetchAll<Obj>(client, `${modelPath(name)}/versions`, "modelVersions", { orderBy: "ORDER_BY_ASC" });
      if (json) return printJson(items);
      print(items.length ? versionTable(items) : `Model "${name}" has no versions yet.`);
    });
}
