import { Command, Option } from "commander";
import { context } from "../context";
import { fields, json1, parseJsonObject, print, printJson, table, when } from "../output";
import { ORDERS, SORTS, collect, fetchAll, getModel, modelPath, type TWireModel, type TWireVersion, type TWireWorkspace } from "../api";
import type { ApiClient } from "../client";
import { versionPath, versionRef } from "../version-ref";
import { registerAliasCommands } from "./model-aliases";
import { registerCompareCommand } from "./model-compare";
import { printVersion, registerVersionCommands, versionTable } from "./model-versions";

export function modelFields(m: TWireModel, workspace?: string): string {
  return fields([
    ["ID", m.id], ["Name", m.name], ["Description", m.description], ["Labels", m.labels.join(", ")],
    ["Versions", m.numVersions], ["Workspace", workspace ?? m.workspaceId], ["Archived", m.archived ? "yes" : "no"], ["Owner", m.username],
    ["Created", when(m.creationTime)], ["Last updated", when(m.lastUpdatedTime)], ["Metadata", json1(m.metadata)],
    ["Aliases", Object.entries(m.aliases ?? {}).map(([a, v]) => `${a}=${v}`).join(", ")],
  ]);
}

/** Workspace names by id, for tables (the model reply carries only the id, as Determined's does). */
async function workspaceNames(client: ApiClient): Promise<Map<number, string>> {
  const { items } = await fetchAll<TWireWorkspace>(client, "api/v1/workspaces", "workspaces", {});
  return new Map(items.map((w) => [w.id, w.name]));
}

export function registerModel(program: Command): void {
  const model = program.command("model").description("create, find and manage models");

  model.command("create").description("create a model")
    .argument("<name>")
    .option("--description <text>", "description", "")
    .option("--metadata <json>", "metadata as a JSON object")
    .option("--label <label>", "a label (repeat for more)", collect, [])
    .option("-w, --workspace <name>", "the workspace to create it in (default: the default workspace)")
    .action(async (name: string, o: { description: string; metadata?: string; label: string[]; workspace?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const metadata = o.metadata ? parseJsonObject(o.metadata, "--metadata") : {};
      const { model: m } = await client.create<{ model: TWireModel }>("api/v1/models", {
        name, description: o.description, metadata, labels: o.label, workspaceName: o.workspace,
      });
      if (json) printJson(m);
      else print(`Created model "${m.name}" (id ${m.id})${o.workspace ? ` in workspace "${o.workspace}"` : ""}.`);
    });

  model.command("list").description("list models")
    .addOption(new Option("--sort-by <field>", "sort field").choices(Object.keys(SORTS)))
    .addOption(new Option("--order-by <order>", "sort order").choices(Object.keys(ORDERS)))
    .option("--name <text>", "name contains (case-insensitive)")
    .option("--description <text>", "description contains (case-insensitive)")
    .option("--label <label>", "has this label (repeat for any of several)", collect, [])
    .option("--alias <alias>", "only models that have this alias (e.g. production)")
    .option("-w, --workspace <name>", "only models in this workspace (repeat for any of several)", collect, [])
    .option("--archived", "only archived models")
    .option("--no-archived", "only models that are not archived")
    .action(async (o: { sortBy?: keyof typeof SORTS; orderBy?: keyof typeof ORDERS; name?: string; description?: string; label: string[]; alias?: string; archived?: boolean; workspace: string[] }, cmd: Command) => {
      const { client, json } = context(cmd);
      const { items } = await fetchAll<TWireModel>(client, "api/v1/models", "models", {
        sortBy: o.sortBy && SORTS[o.sortBy], orderBy: o.orderBy && ORDERS[o.orderBy], name: o.name, description: o.description,
        labels: o.label.length ? o.label : undefined, archived: o.archived === undefined ? undefined : String(o.archived), alias: o.alias,
        workspaceNames: o.workspace.length ? o.workspace : undefined,
      });
      if (json) return printJson(items);
      if (!items.length) return print("No models.");
      const names = await workspaceNames(client);
      print(table(["ID", "Name", "Description", "Versions", "Labels", "Workspace", "Archived", "Last updated"],
        items.map((m) => [m.id, m.name, m.description, m.numVersions, m.labels.join(", "), names.get(m.workspaceId) ?? m.workspaceId, m.archived ? "yes" : "", when(m.lastUpdatedTime)])));
    });

  model.command("describe").description("show a model and its versions, or one version (name@alias, name@7, --version)")
    .argument("<name>", "a model, or one of its versions as name@alias or name@number")
    .option("--version <n>", "show one version in detail (a number or an alias)")
    .option("--at <time>", "the model as it was at an ISO 8601 instant in the past (fields and aliases then)")
    .action(async (text: string, o: { version?: string; at?: string }, cmd: Command) => {
      const { client, json } = context(cmd);
      const ref = await versionRef(client, text, o.version);
      if (ref.version !== undefined) {
        const { modelVersion: v } = await client.json<{ modelVersion: TWireVersion }>("GET", versionPath({ ...ref, version: ref.version }));
        return json ? printJson(v) : printVersion(v);
      }
      const name = ref.model;
      if (o.at !== undefined) {
        const then = await client.json<{ model: TWireModel; at: string }>("GET", modelPath(name), { query: { at: o.at } });
        return json ? printJson(then) : print(`As of ${then.at} (historical, read-only):\n${modelFields(then.model)}\nNotes: ${then.model.notes}`);
      }
      const m = await getModel(client, name);
      const { items } = await fetchAll<TWireVersion>(client, `${modelPath(name)}/versions`, "modelVersions", { orderBy: "ORDER_BY_ASC" });
      if (json) return printJson({ model: m, modelVersions: items });
      const ws = (await workspaceNames(client)).get(m.workspaceId);
      print(`${modelFields(m, ws)}\n\n${items.length ? versionTable(items) : "No versions yet."}`);
    });

  // The server merges (PATCH .../metadata): no read-modify-write here, so scripts
  // adding different keys at the same time all keep theirs.
  const mergeMetadata = async (cmd: Command, text: string, versionOpt: string | undefined, merge: { set?: object; remove?: string[] }) => {
    const { client, json } = context(cmd);
    const ref = await versionRef(client, text, versionOpt);
    const name = ref.model;
    // A write goes to a version number: an alias is resolved first (it may move later; this edit stays on that version).
    const version = ref.version?.startsWith("@")
      ? String((await client.json<{ modelVersion: TWireVersion }>("GET", versionPath({ ...ref, version: ref.version }))).modelVersion.version)
      : ref.version;
    const target = version === undefined ? modelPath(name) : `${modelPath(name)}/versions/${encodeURIComponent(version)}`;
    const reply = await client.json<{ model?: TWireModel; modelVersion?: TWireVersion }>("PATCH", `${target}/metadata`, { body: merge });
    const updated = reply.model ?? reply.modelVersion!;
    if (json) printJson(updated.metadata);
    else print(`Metadata of ${version === undefined ? `"${name}"` : `version ${version} of "${name}"`}: ${JSON.stringify(updated.metadata)}`);
  };
  const metadata = model.command("metadata").description("edit a model's (or a version's) metadata");
  metadata.command("add").description("merge top-level keys into the metadata")
    .argument("<name>").argument("<json>", "a JSON object")
    .option("--version <n>", "a version's metadata instead of the model's (a number or an alias; or name@alias)")
    .action(async (name: string, text: string, o: { version?: string }, cmd: Command) => {
      await mergeMetadata(cmd, name, o.version, { set: parseJsonObject(text, "The metadata") });
    });
  metadata.command("remove").description("delete top-level keys from the metadata")
    .argument("<name>").argument("<keys...>")
    .option("--version <n>", "a version's metadata instead of the model's (a number or an alias; or name@alias)")
    .action(async (name: string, keys: string[], o: { version?: string }, cmd: Command) => {
      await mergeMetadata(cmd, name, o.version, { remove: keys });
    });

  const simple = (verb: string, method: string, suffix: string, done: string) =>
    model.command(verb).description(`${verb} a model`).argument("<name>")
      .action(async (name: string, _o: unknown, cmd: Command) => {
        const { client, json } = context(cmd);
        await client.json(method, `${modelPath(name)}${suffix}`, method === "POST" ? { body: {} } : {});
        if (json) printJson({});
        else print(`${done} model "${name}".`);
      });
  simple("archive", "POST", "/archive", "Archived");
  simple("unarchive", "POST", "/unarchive", "Unarchived");
  simple("delete", "DELETE", "", "Deleted");

  model.command("move").description("move a model to another workspace (edit rights in both)")
    .argument("<name>").argument("<workspace>", "the destination workspace's name")
    .action(async (name: string, workspace: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { model: m } = await client.json<{ model: TWireModel }>("POST", `${modelPath(name)}/move`, { body: { workspaceName: workspace } });
      if (json) printJson(m);
      else print(`Moved model "${m.name}" to workspace "${workspace}".`);
    });

  registerVersionCommands(model);
  registerAliasCommands(model);
  registerCompareCommand(model);
}
