// Who may delete a model or a version (issue 16, as Determined's "basic" authorization):
// the creator of a model may delete it, with its versions; the creator of a version, or of
// its model, may delete the version; workspace admins (and administrators, admins
// everywhere) may delete anything in the workspace. A creator still needs edit rights
// there: a viewer never changes anything. No database and no "server-only": the pages'
// "show Delete?" (lib/auth/permissions.ts) asks the same function the domain enforces.
import type { TRole } from "../../schemas/roles";
import { REQUIRED_ROLE, hasRole } from "./roles";

export type TDeleteSubject =
  | { kind: "model"; modelCreatorId: number }
  | { kind: "version"; versionCreatorId: number; modelCreatorId: number };

export function mayDelete(role: TRole | null | undefined, userId: number, subject: TDeleteSubject): boolean {
  const [any, own] = subject.kind === "model"
    ? [REQUIRED_ROLE["model.delete"], REQUIRED_ROLE["model.delete-own"]]
    : [REQUIRED_ROLE["version.delete"], REQUIRED_ROLE["version.delete-own"]];
  if (hasRole(role, any)) return true;
  if (!hasRole(role, own)) return false;
  return subject.kind === "model"
    ? subject.modelCreatorId === userId
    : subject.versionCreatorId === userId || subject.modelCreatorId === userId;
}

/** The rule, said to whoever it refuses. */
export function deleteRuleText(subject: TDeleteSubject["kind"]): string {
  return subject === "model"
    ? "A model may be deleted by its creator (with edit rights in its workspace), the workspace's admins and administrators"
    : "A version may be deleted by its creator or its model's creator (with edit rights in the workspace), the workspace's admins and administrators";
}
