import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";

/** Workspace names, for role pickers. */
export const listWorkspaceNames = edge(async function listWorkspaceNames(): Promise<string[]> {
  return (await db().workspace.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((w) => w.name);
});
