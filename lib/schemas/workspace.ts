import { z } from "zod";
import { workspaceNameProblem } from "./workspace-name";

export const ZWorkspaceName = z.string({ error: "Name is required." }).superRefine((name, ctx) => {
  const problem = workspaceNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const ZCreateWorkspace = z.object({ name: ZWorkspaceName });
export type TCreateWorkspace = z.input<typeof ZCreateWorkspace>;

export const ZRenameWorkspace = z.object({ name: ZWorkspaceName });
export type TRenameWorkspace = z.input<typeof ZRenameWorkspace>;

/** A workspace's id, as the pages' forms send it. */
export const ZWorkspaceId = z.number({ error: "Workspace id must be a number." }).int().positive();

/** A workspace by id or by name (Determined's clients use both). */
export const ZWorkspaceRef = z.union([
  z.object({ id: z.number().int().positive() }),
  z.object({ name: z.string().min(1) }),
]);
export type TWorkspaceRef = z.input<typeof ZWorkspaceRef>;

export const ZListWorkspaces = z.object({
  name: z.string().optional(),
  archived: z.boolean().optional(),
  sortBy: z.enum(["id", "name"]).default("id"),
  orderBy: z.enum(["asc", "desc"]).default("asc"),
});
export type TListWorkspaces = z.input<typeof ZListWorkspaces>;

/** Where a model moves to: a workspace's name or id. */
export const ZMoveModel = z.object({
  workspaceName: z.string().min(1).optional(),
  workspaceId: z.number().int().positive().optional(),
}).refine((m) => (m.workspaceName === undefined) !== (m.workspaceId === undefined), {
  message: "Say where to move the model: workspaceName or workspaceId (one of them).",
});
export type TMoveModel = z.input<typeof ZMoveModel>;
