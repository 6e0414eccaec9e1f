import { z } from "zod";

/** A user's role in a workspace, weakest first (lib/registry/auth/roles.ts says what each may do). */
export const ROLES = ["VIEWER", "EDITOR", "ADMIN"] as const;
export type TRole = (typeof ROLES)[number];

export const ZSetRole = z.object({
  username: z.string({ error: "Username is required." }).min(1, "Username is required."),
  workspace: z.string({ error: "Workspace is required." }).min(1, "Workspace is required."),
  /** null removes the user's role in the workspace. */
  role: z.enum(ROLES, { error: "Role must be viewer, editor or admin." }).nullable(),
});
export type TSetRole = z.input<typeof ZSetRole>;
