import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { notFound } from "../errors";

/** A workspace by id or name; Determined's clients may address it either way. */
export const getWorkspace = edge(async function getWorkspace(ref: { id?: number; name?: string }): Promise<{ id: number; name: string }> {
  const row = ref.id !== undefined
    ? await db().workspace.findUnique({ where: { id: ref.id }, select: { id: true, name: true } })
    : await db().workspace.findUnique({ where: { name: ref.name ?? "" }, select: { id: true, name: true } });
  if (!row) throw notFound(`Workspace ${ref.id ?? `"${ref.name}"`}`);
  return row;
});
