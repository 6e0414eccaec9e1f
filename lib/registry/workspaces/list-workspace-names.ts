import "server-only";
import { db } from "../../db/client";

/** Workspace names, for role pickers. */
export async function listWorkspaceNames(): Promise<string[]> {
  return (await db().workspace.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((w) => w.name);
}
