import "server-only";
import { Prisma } from "../../db/client";
import { ZListWorkspaces, type TListWorkspaces } from "../../schemas";
import type { Actor } from "../actor";
import { edge } from "../edge";
import { notFound, parse } from "../errors";
import { assertReadable, readScope } from "./read-scope";
import { describeKey, workspaceCondition, workspacesWhere, type TWorkspace, type TWorkspaceKey } from "./select";

/** The workspaces `reader` may read (read-scope.ts), with their model and experiment counts. */
export const listWorkspaces = edge(async function listWorkspaces(
  { reader, ...input }: TListWorkspaces & { reader: Actor },
): Promise<TWorkspace[]> {
  const q = parse(ZListWorkspaces, input);
  const scope = await readScope(reader);
  const parts: Prisma.Sql[] = [];
  if (!scope.all) parts.push(Prisma.sql`w.id = ANY(${scope.ids}::int[])`);
  if (q.name !== undefined) parts.push(Prisma.sql`w.name = ${q.name}`);
  if (q.archived !== undefined) parts.push(Prisma.sql`w.archived = ${q.archived}`);
  const dir = Prisma.raw(q.orderBy === "desc" ? "DESC" : "ASC");
  const order = q.sortBy === "name" ? Prisma.sql`w.name ${dir}, w.id ${dir}` : Prisma.sql`w.id ${dir}`;
  return workspacesWhere(parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`, order);
});

/** One workspace, by id, name, or a digit string (an id); one the reader may not read is not found. */
export const readWorkspace = edge(async function readWorkspace(
  { reader, workspace: ref }: { reader: Actor; workspace: TWorkspaceKey },
): Promise<TWorkspace> {
  const [w] = await workspacesWhere(workspaceCondition(ref));
  if (!w) throw notFound(describeKey(ref));
  await assertReadable(reader, w.id, describeKey(ref));
  return w;
});
