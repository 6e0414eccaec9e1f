import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { TRole } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { userSelect, type TUser } from "./select";

export type TUserWithRoles = TUser & { roles: Record<string, TRole> };

export const listUsers = edge(async function listUsers({ actor }: { actor: Actor }): Promise<TUserWithRoles[]> {
  signedInAdmin(actor);
  const rows = await db().user.findMany({
    select: { ...userSelect, roles: { select: { role: true, workspace: { select: { name: true } } } } },
    orderBy: { username: "asc" },
  });
  return rows.map(({ roles, ...u }) => ({ ...u, roles: Object.fromEntries(roles.map((r) => [r.workspace.name, r.role])) }));
});
