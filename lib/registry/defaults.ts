import "server-only";
import { db } from "../db/client";
import { DEFAULT_USERNAME, DEFAULT_WORKSPACE } from "./actor";

/** The rows every installation has: a default workspace, `admin` and `determined`. Idempotent. */
export async function ensureDefaults(): Promise<void> {
  const prisma = db();
  await prisma.workspace.upsert({ where: { name: DEFAULT_WORKSPACE }, update: {}, create: { name: DEFAULT_WORKSPACE } });
  await prisma.user.upsert({
    where: { username: DEFAULT_USERNAME },
    update: {},
    create: { username: DEFAULT_USERNAME, displayName: "Admin", admin: true },
  });
  await prisma.user.upsert({
    where: { username: "determined" },
    update: {},
    create: { username: "determined", displayName: "Determined", admin: false },
  });
}
