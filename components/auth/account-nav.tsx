import Link from "next/link";
import type { Actor } from "@/lib/registry";
import { signOutAction } from "@/app/sign-in/actions";

/** Who is signed in, the admin link for administrators, and sign-out (a POST, so no link can sign you out). */
export function AccountNav({ actor }: { actor: Actor }) {
  if (actor.anonymous) return null;
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      {actor.admin ? <Link href="/admin/users" className="text-slate-700 hover:text-indigo-700">Users</Link> : null}
      {actor.admin ? <Link href="/admin/storage" className="text-slate-700 hover:text-indigo-700">Storage</Link> : null}
      {actor.admin ? <Link href="/admin/webhooks" className="text-slate-700 hover:text-indigo-700">Webhooks</Link> : null}
      <span className="text-slate-600" aria-label="Signed in as">{actor.username}</span>
      <form action={signOutAction}>
        <button type="submit" className="text-slate-700 underline-offset-2 hover:text-indigo-700 hover:underline">Sign out</button>
      </form>
    </div>
  );
}
