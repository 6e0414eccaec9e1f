import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Input, Select } from "@/components/ui/input";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listTokens, listUsers, listWorkspaceNames, listWorkspaceRoles, ROLES, type TRole } from "@/lib/registry";
import { ActionForm } from "./action-form";
import { createTokenAction, createUserAction, resetPasswordAction, setRoleAction } from "./actions";
import { TokenTable } from "./token-table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** A visible label above its control; the label's words are the control's name. */
function Labelled({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      {label}
      {children}
    </label>
  );
}

function RoleSelect({ value }: { value?: TRole | null }) {
  return (
    // Keyed by the value: an uncontrolled select keeps what it showed across a refresh, so a
    // role set elsewhere on the page (roles by workspace) would not show here until reload.
    <Select key={value ?? ""} name="role" defaultValue={value ?? ""} className="w-32">
      <option value="">none</option>
      {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
    </Select>
  );
}

type Token = Awaited<ReturnType<typeof listTokens>>[number];
const kindName: Record<Token["kind"], string> = { API: "API token", SESSION: "web session", LOGIN: "CLI login" };
const minute = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

export default async function UsersPage() {
  const actor = await requireSignedIn();
  if (!actor.admin) {
    return <p role="alert" className="text-sm">Only administrators can manage users. You are signed in as {actor.username}.</p>;
  }
  const [users, tokens, workspaces, assignments] = await Promise.all([
    listUsers({ actor }), listTokens({ actor }), listWorkspaceNames(), listWorkspaceRoles({ actor }),
  ]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <section aria-labelledby="add-user" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="add-user" className="mb-2 font-semibold">Add a user</h2>
        <ActionForm action={createUserAction} submit="Add user">
          <Labelled label="Username"><Input name="username" className="w-40" autoComplete="off" required /></Labelled>
          <Labelled label="Display name"><Input name="displayName" className="w-40" autoComplete="off" /></Labelled>
          <Labelled label="Initial password"><Input name="password" type="password" className="w-40" autoComplete="new-password" /></Labelled>
          <Labelled label="Workspace"><Select name="workspace" className="w-40">{workspaces.map((w) => <option key={w}>{w}</option>)}</Select></Labelled>
          <Labelled label="Role"><RoleSelect /></Labelled>
          <label className="flex h-9 items-center gap-1.5 text-sm"><input type="checkbox" name="admin" /> Administrator</label>
        </ActionForm>
      </section>

      <section aria-labelledby="roles-by-workspace">
        <h2 id="roles-by-workspace" className="mb-2 font-semibold">Roles by workspace</h2>
        <p className="mb-3 max-w-3xl text-sm text-slate-600">
          Viewers read a workspace, editors also create, edit and move models there, admins also delete anything in it and
          manage the workspace. A user may be an editor in one workspace and a viewer in another; administrators are admins everywhere.
        </p>
        <ul className="grid gap-3 md:grid-cols-2">
          {workspaces.map((w) => {
            const here = assignments.filter((a) => a.workspace === w);
            return (
              <li key={w} className="rounded border border-slate-200 bg-white p-3" aria-label={`Roles in ${w}`}>
                <h3 className="mb-2 text-sm font-semibold">{w}</h3>
                {here.length ? (
                  <ul className="mb-3 space-y-1 text-sm">
                    {here.map((a) => <li key={a.userId}><strong>{a.username}</strong>: {a.role.toLowerCase()}</li>)}
                  </ul>
                ) : <p className="mb-3 text-sm text-slate-500">No one holds a role here yet.</p>}
                <ActionForm action={setRoleAction} submit="Set role" submitName={`Set a role in ${w}`}>
                  <input type="hidden" name="workspace" value={w} />
                  <Labelled label={`User for ${w}`}>
                    <Select name="username" className="w-40">{users.map((u) => <option key={u.id}>{u.username}</option>)}</Select>
                  </Labelled>
                  <Labelled label={`Their role in ${w}`}><RoleSelect /></Labelled>
                </ActionForm>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="all-users">
        <h2 id="all-users" className="mb-2 font-semibold">All users</h2>
        <ul className="space-y-3">
          {users.map((u) => (
            <li key={u.id} className="rounded border border-slate-200 bg-white p-3" aria-label={`User ${u.username}`}>
              <div className="mb-2 text-sm">
                <strong>{u.username}</strong> {u.displayName ? `(${u.displayName})` : ""} {u.admin ? "· administrator (every workspace)" : ""} {u.active ? "" : "· deactivated"}
              </div>
              <div className="flex flex-wrap items-end gap-6">
                {workspaces.map((w) => (
                  <ActionForm key={w} action={setRoleAction} submit="Set role" submitName={`Set role of ${u.username} in ${w}`}>
                    <input type="hidden" name="username" value={u.username} />
                    <input type="hidden" name="workspace" value={w} />
                    <Labelled label={`Role in ${w}`}><RoleSelect value={u.roles[w] ?? null} /></Labelled>
                  </ActionForm>
                ))}
                <ActionForm
                  action={resetPasswordAction}
                  submit="Reset password"
                  submitName={`Reset password of ${u.username}`}
                  confirm={{
                    title: `Reset the password of ${u.username}?`,
                    description: `${u.username} is signed out everywhere: their web sessions, CLI logins and API tokens stop working at once. They sign in again with the new password (left empty, the password is empty, as Determined allows).`,
                    confirmLabel: "Reset password",
                  }}
                >
                  <input type="hidden" name="username" value={u.username} />
                  <Labelled label="New password">
                    <Input name="password" type="password" className="w-40" autoComplete="new-password" />
                  </Labelled>
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tokens" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="tokens" className="mb-2 font-semibold">API tokens and sessions</h2>
        <ActionForm action={createTokenAction} submit="Create token">
          <Labelled label="User"><Select name="username" className="w-40">{users.map((u) => <option key={u.id}>{u.username}</option>)}</Select></Labelled>
          <Labelled label="Token name"><Input name="name" placeholder="e.g. ci" className="w-48" autoComplete="off" required /></Labelled>
          <Labelled label="Valid for (days)"><Input name="days" type="number" min={1} max={366} defaultValue={90} className="w-24" /></Labelled>
        </ActionForm>
        <TokenTable tokens={tokens.map((t) => ({
          id: t.id, username: t.username, kind: kindName[t.kind], name: t.name,
          created: minute(t.createdAt), expires: minute(t.expiresAt), session: t.kind === "SESSION",
        }))} />
      </section>
    </div>
  );
}
