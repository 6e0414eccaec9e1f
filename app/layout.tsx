import type { Metadata } from "next";
import Link from "next/link";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Model Registry", template: "%s · Model Registry" },
  description: "Self-hosted model registry for machine-learning teams",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <nav aria-label="Main" className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
              <Link href="/" className="font-semibold text-indigo-700">model-registry</Link>
              <Link href="/" className="text-sm text-slate-700 hover:text-indigo-700">Model Registry</Link>
              <Link href="/experiments" className="text-sm text-slate-700 hover:text-indigo-700">Experiments</Link>
            </nav>
          </header>
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
