import "server-only";
import { db } from "../../db/client";
import { ZLogin, type TLogin } from "../../schemas";
import { RegistryError, parse } from "../errors";
import { clientHashed, verifyPassword } from "./password";
import { userSelect, type TUser } from "./select";
import { newToken, tokenHash, tokenTtlMs } from "./tokens";


const denied = () => new RegistryError("UNAUTHENTICATED", "Invalid username or password.");

/** Checks the credentials and issues a bearer token; the token is returned once and stored only hashed. */
export async function login(input: TLogin): Promise<{ token: string; user: TUser; expiresAt: Date }> {
  const { username, password, isHashed } = parse(ZLogin, input);
  const hashed = clientHashed(password, isHashed);
  const row = await db().user.findUnique({ where: { username }, select: { ...userSelect, passwordHash: true } });
  // Verify even for an unknown user so timing does not tell which usernames exist.
  const valid = await verifyPassword(hashed, row?.passwordHash ?? null);
  if (!row || !valid) throw denied();
  if (!row.active) throw new RegistryError("UNAUTHENTICATED", `User "${username}" is deactivated.`);
  const token = newToken();
  const expiresAt = new Date(Date.now() + tokenTtlMs());
  await db().apiToken.create({ data: { tokenHash: tokenHash(token), userId: row.id, expiresAt } });
  // Expired tokens are swept on login, which keeps the table small without a scheduler.
  await db().apiToken.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const { passwordHash: _omit, ...user } = row;
  return { token, user, expiresAt };
}
