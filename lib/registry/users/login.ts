import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { ZLogin, type TLogin } from "../../schemas";
import { RegistryError, parse } from "../errors";
import { clientHashed, verifyPassword } from "./password";
import { userSelect, type TUser } from "./select";
import { abandonSignInAttempt, beginSignInAttempt, failSignInAttempt, succeedSignInAttempt } from "./rate-limit";
import { newToken, tokenHash, tokenTtlMs } from "./tokens";


const denied = () => new RegistryError("UNAUTHENTICATED", "Invalid username or password.");

type LoginOptions = {
  /** The client's address, for the per-address limit on failed attempts. */
  address?: string;
  /** SESSION for a web sign-in (cookie), LOGIN for the REST login. */
  kind?: "LOGIN" | "SESSION";
};

/**
 * Checks the credentials and issues a token; the token is returned once and stored
 * only hashed. Failed attempts are rate-limited per user and per address (rate-limit.ts).
 */
export const login = edge(async function login(input: TLogin, opts: LoginOptions = {}): Promise<{ token: string; user: TUser; expiresAt: Date }> {
  const { username, password, isHashed } = parse(ZLogin, input);
  const attempt = await beginSignInAttempt(username, opts.address);
  const hashed = clientHashed(password, isHashed);
  let row, valid;
  try {
    row = await db().user.findUnique({ where: { username }, select: { ...userSelect, passwordHash: true } });
    // Verify even for an unknown user so timing does not tell which usernames exist.
    valid = await verifyPassword(hashed, row?.passwordHash ?? null);
  } catch (err) {
    await abandonSignInAttempt(attempt).catch(() => {});
    throw err;
  }
  if (!row || !valid) {
    await failSignInAttempt(attempt);
    throw denied();
  }
  await succeedSignInAttempt(attempt);
  if (!row.active) throw new RegistryError("UNAUTHENTICATED", `User "${username}" is deactivated.`);
  const token = newToken();
  const expiresAt = new Date(Date.now() + tokenTtlMs());
  await db().apiToken.create({ data: { tokenHash: tokenHash(token), userId: row.id, expiresAt, kind: opts.kind ?? "LOGIN" } });
  // Expired tokens are swept on login, which keeps the table small without a scheduler.
  await db().apiToken.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const { passwordHash: _omit, ...user } = row;
  return { token, user, expiresAt };
});
