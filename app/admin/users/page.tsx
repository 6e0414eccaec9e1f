import type { Metadata } from "next";
import { Input, Select } from "@/components/ui/input";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listTokens, listUsers, listWorkspaceNames, ROLES, type TRole } from "@/lib/registry";
import { ActionForm } from "./action-form";
import { createTokenAction, createUserAction, resetPasswordAction, revokeTokenAction, setRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

function RoleSelect({ name = "role", value }: { name?: string; value?: TRole | null }) {
  return (
    <Select name={name} defaultValue={value ?? ""} aria-label="Role" className="w-32">
      <option value="">none</option>
      {ROLES.map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
    </Select>
  );
}

export default async function UsersPage() {
  const actor = await requireSignedIn();
  if (!actor.admin) {
    return <p role="alert" className="text-sm">Only administrators can manage users. You are signed in as {actor.username}.</p>;
  }
  const [users, tokens, workspaces] = await Promise.all([
    listUsers({ actor }), listTokens({ actor }), listWorkspaceNames(),
  ]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <section aria-labelledby="add-user" className="rounded border bg-white p-4">
        <h2 id="add-user" className="mb-2 font-semibold">Add a user</h2>
        <ActionForm action={createUserAction} submit="Add user">
          <Input name="username" placeholder="username" aria-label="New username" className="w-40" required />
          <Input name="displayName" placeholder="display name" aria-label="Display name" className="w-40" />
          <Input name="password" type="password" placeholder="initial password" aria-label="Initial password" className="w-40" autoComplete="new-password" />
          <Select name="workspace" aria-label="Workspace" className="w-40">{workspaces.map((w) => <option key={w}>{w}</option>)}</Select>
          <RoleSelect />
          <label className="flex items-center gap-1 text-sm"><input type="checkbox" name="admin" /> administrator</label>
        </ActionForm>
      </section>

      <section aria-labelledby="all-users">
        <h2 id="all-users" className="mb-2 font-semibold">All users</h2>
        <ul className="space-y-3">
          {users.map((u) => (
            <li key={u.id} className="rounded border bg-white p-3" aria-label={`User ${u.username}`}>
              <div className="mb-2 text-sm">
                <strong>{u.username}</strong> {u.displayName ? `(${u.displayName})` : ""} {u.admin ? "· administrator (every workspace)" : ""} {u.active ? "" : "· deactivated"}
              </div>
              <div className="flex flex-wrap gap-6">
                {workspaces.map((w) => (
                  <ActionForm key={w} action={setRoleAction} submit="Set role">
                    <input type="hidden" name="username" value={u.username} />
                    <input type="hidden" name="workspace" value={w} />
                    <span className="text-xs text-slate-600">{w}</span>
                    <RoleSelect value={u.roles[w] ?? null} />
                  </ActionForm>
                ))}
                <ActionForm action={resetPasswordAction} submit="Reset password">
                  <input type="hidden" name="username" value={u.username} />
                  <Input name="password" type="password" placeholder="new password" aria-label={`New password for ${u.username}`} className="w-40" autoComplete="new-password" />
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tokens" className="rounded border bg-white p-4">
        <h2 id="tokens" className="mb-2 font-semibold">API tokens and sessions</h2>
        <ActionForm action={createTokenAction} submit="Create token">
          <Select name="username" aria-label="Token user" className="w-40">{users.map((u) => <option key={u.id}>{u.username}</option>)}</Select>
          <Input name="name" placeholder="token name (e.g. ci)" aria-label="Token name" className="w-48" required />
          <Input name="days" type="number" min={1} max={366} defaultValue={90} aria-label="Valid for days" className="w-24" />
        </ActionForm>
        <table className="mt-4 w-full text-sm">
          <thead><tr className="text-left text-slate-600"><th className="p-1">User</th><th className="p-1">Kind</th><th className="p-1">Name</th><th className="p-1">Created</th><th className="p-1">Expires</th><th className="p-1"></th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t">
                <td className="p-1">{t.username}</td>
                <td className="p-1">{t.kind === "API" ? "API token" : t.kind === "SESSION" ? "web session" : "CLI login"}</td>
                <td className="p-1">{t.name}</td>
                <td className="p-1">{t.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td className="p-1">{t.expiresAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td className="p-1">
                  <ActionForm action={revokeTokenAction} submit="Revoke" danger>
                    <input type="hidden" name="id" value={t.id} />
                  </ActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
