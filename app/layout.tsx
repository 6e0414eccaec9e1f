import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AccountNav } from "@/components/auth/account-nav";
import { currentActor, requireSignedIn } from "@/lib/auth/current-actor";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Model Registry", template: "%s · Model Registry" },
  description: "Self-hosted model registry for machine-learning teams",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page but sign-in needs a valid session; proxy.ts sends cookie-less visitors
  // there first, this catches expired and revoked sessions.
  const signingIn = (await headers()).get("x-mreg-path") === null;
  const actor = signingIn ? await currentActor() : await requireSignedIn();
  return (
    <html lang="en">
      <body>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="font-semibold text-indigo-700">model-registry</Link>
            <Link href="/" className="text-sm text-slate-700 hover:text-indigo-700">Model Registry</Link>
            <Link href="/experiments" className="text-sm text-slate-700 hover:text-indigo-700">Experiments</Link>
            <Link href="/workspaces" className="text-sm text-slate-700 hover:text-indigo-700">Workspaces</Link>
            <AccountNav actor={actor} />
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
