import "server-only";
import { db } from "../db/client";
import { clientHash, hashPassword } from "./users/password";

/** The workspace every installation has; models and checkpoints go there unless told otherwise. */
export const DEFAULT_WORKSPACE = "Uncategorized";
/** The built-in administrator; systemActor() acts as this account. */
export const ADMIN_USERNAME = "admin";

type Options = {
  /** Give users without a password an EMPTY one when no password is configured (the embedded demo database). */
  emptyPasswords?: boolean;
  log?: (line: string) => void;
};

const DEFAULT_USERS = [
  { username: ADMIN_USERNAME, displayName: "Admin", admin: true, env: "MREG_ADMIN_PASSWORD" },
  { username: "determined", displayName: "Determined", admin: false, env: "MREG_DETERMINED_PASSWORD" },
] as const;

/**
 * The rows every installation has: a default workspace, `admin` and `determined`
 * (the user Determined's clients log in as by default). Idempotent. Initial
 * passwords are set only while a user has none, so a changed password survives restarts.
 * Start-up's own bootstrap: it creates the account systemActor() stands on, so it runs
 * before any actor can exist and writes no history.
 */
export async function ensureDefaults(opts: Options = {}): Promise<void> {
  const prisma = db();
  await prisma.workspace.upsert({ where: { name: DEFAULT_WORKSPACE }, update: {}, create: { name: DEFAULT_WORKSPACE } });
  const empty: string[] = [];
  const unset: string[] = [];
  for (const u of DEFAULT_USERS) {
    const user = await prisma.user.upsert({
      where: { username: u.username },
      update: {},
      create: { username: u.username, displayName: u.displayName, admin: u.admin },
      select: { id: true, passwordHash: true },
    });
    const configured = process.env[u.env];
    if (user.passwordHash !== null) {
      if (configured) opts.log?.(`${u.env} not applied: ${u.username} already has a password (initial passwords apply on first start only)`);
      continue;
    }
    if (configured === undefined && !opts.emptyPasswords) {
      unset.push(`${u.username} (${u.env})`);
      continue;
    }
    if (!configured) empty.push(u.username);
    const passwordHash = await hashPassword(clientHash(configured ?? ""));
    // Conditional so two servers starting at once cannot overwrite each other's choice.
    const { count } = await prisma.user.updateMany({ where: { id: user.id, passwordHash: null }, data: { passwordHash } });
    if (count && configured) opts.log?.(`initial password of ${u.username} applied from ${u.env}`);
  }
  if (empty.length) {
    opts.log?.(`EMPTY password for ${empty.join(" and ")} (no password configured): anyone who can reach this server can log in as them; set MREG_ADMIN_PASSWORD / MREG_DETERMINED_PASSWORD (read on first start) or change the password`);
  }
  if (unset.length) opts.log?.(`users without a password cannot log in until one is set: ${unset.join(", ")}`);
  await ensureDefaultRoles();
}

/**
 * `determined` is the login Determined's clients use out of the box; it creates
 * models and registers versions, so it is an editor of the default workspace
 * (never an admin: deleting stays with administrators). Only on first start: once
 * an administrator has set or removed its role (a history event), theirs is final.
 */
async function ensureDefaultRoles(): Promise<void> {
  const prisma = db();
  const [ws, user] = await Promise.all([
    prisma.workspace.findUniqueOrThrow({ where: { name: DEFAULT_WORKSPACE } }),
    prisma.user.findUniqueOrThrow({ where: { username: "determined" } }),
  ]);
  const decided = await prisma.historyEvent.count({ where: { objectType: "ROLE", objectId: `${user.id}/${ws.id}` } });
  if (decided) return;
  await prisma.workspaceRole.upsert({
    where: { userId_workspaceId: { userId: user.id, workspaceId: ws.id } },
    update: {},
    create: { userId: user.id, workspaceId: ws.id, role: "EDITOR" },
  });
}
