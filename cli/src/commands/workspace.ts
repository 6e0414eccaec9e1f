import type { Command } from "commander";
import type { TWireWorkspace } from "../../../lib/schemas/api";
import { fetchAll } from "../api";
import type { ApiClient } from "../client";
import { context } from "../context";
import { CliError } from "../errors";
import { fields, print, printJson, table, when } from "../output";

/** A workspace by name (or id, when all digits: names never are), as `det workspace` finds one. */
export async function findWorkspace(client: ApiClient, ref: string): Promise<TWireWorkspace> {
  if (/^\d+$/.test(ref)) return (await client.json<{ workspace: TWireWorkspace }>("GET", `api/v1/workspaces/${ref}`)).workspace;
  const { workspaces } = await client.json<{ workspaces: TWireWorkspace[] }>("GET", "api/v1/workspaces", { query: { name: ref } });
  if (!workspaces.length) throw new CliError(`Workspace "${ref}" not found (or not one you may read); "mreg workspace ls" lists yours.`);
  return workspaces[0];
}

const workspaceFields = (w: TWireWorkspace) => fields([
  ["ID", w.id], ["Name", w.name], ["Models", w.numModels], ["Archived", w.archived ? "yes" : "no"],
  ["Owner", w.username || "(none: the default workspace)"], ["Created", when(w.createdAt)],
]);

export function registerWorkspace(program: Command): void {
  const ws = program.command("workspace").alias("w").description("create, rename, archive and delete workspaces");

  ws.command("ls").alias("list").description("list the workspaces you may read")
    .action(async (_o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { items } = await fetchAll<TWireWorkspace>(client, "api/v1/workspaces", "workspaces", { sortBy: "SORT_BY_NAME" });
      if (json) return printJson(items);
      print(table(["ID", "Name", "Models", "Archived", "Owner"], items.map((w) => [w.id, w.name, w.numModels, w.archived ? "yes" : "", w.username])));
    });

  ws.command("create").description("create a workspace (you become its admin)").argument("<name>")
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { workspace: w } = await client.json<{ workspace: TWireWorkspace }>("POST", "api/v1/workspaces", { body: { name } });
      if (json) printJson(w);
      else print(`Created workspace "${w.name}" (id ${w.id}); you are its admin.`);
    });

  ws.command("describe").description("show a workspace").argument("<name>", "its name (or id)")
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const w = await findWorkspace(client, ref);
      if (json) printJson(w);
      else print(workspaceFields(w));
    });

  ws.command("rename").description("rename a workspace (its admins)").argument("<name>").argument("<new-name>")
    .action(async (ref: string, name: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { id } = await findWorkspace(client, ref);
      const { workspace: w } = await client.json<{ workspace: TWireWorkspace }>("PATCH", `api/v1/workspaces/${id}`, { body: { name } });
      if (json) printJson(w);
      else print(`Renamed workspace "${ref}" to "${w.name}".`);
    });

  for (const [verb, done] of [["archive", "Archived"], ["unarchive", "Unarchived"]] as const) {
    ws.command(verb).description(`${verb} a workspace (its admins)`).argument("<name>")
      .action(async (ref: string, _o: unknown, cmd: Command) => {
        const { client, json } = context(cmd);
        const { id } = await findWorkspace(client, ref);
        await client.json("POST", `api/v1/workspaces/${id}/${verb}`, { body: {} });
        if (json) printJson({});
        else print(`${done} workspace "${ref}".`);
      });
  }

  ws.command("rm").alias("delete").description("delete an empty workspace (its admins)").argument("<name>")
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      const { client, json } = context(cmd);
      const { id } = await findWorkspace(client, ref);
      await client.json("DELETE", `api/v1/workspaces/${id}`);
      if (json) printJson({});
      else print(`Deleted workspace "${ref}".`);
    });
}
