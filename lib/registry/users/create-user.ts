import "server-only";
import { ZCreateUser, type TCreateUser } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { parse } from "../errors";
import { write } from "../write";
import { clientHash, hashPassword } from "./password";
import { userSelect, type TUser } from "./select";

export async function createUser({ actor, input }: { actor: Actor; input: TCreateUser }): Promise<TUser> {
  signedInAdmin(actor);
  const data = parse(ZCreateUser, input);
  // Hashed before the transaction: ~0.3 s of scrypt must not hold a pooled connection.
  const passwordHash = await hashPassword(clientHash(data.password));
  return write({ actor, violations: { unique: `A user named "${data.username}" already exists.` } }, async ({ tx, record }) => {
    const user = await tx.user.create({
      data: { username: data.username, displayName: data.displayName, admin: data.admin, passwordHash },
      select: userSelect,
    });
    record({
      objectType: "USER", objectId: user.id, objectKey: user.username, action: "CREATE",
      changes: [{ field: "username", after: user.username }, { field: "displayName", after: user.displayName }, { field: "admin", after: user.admin }],
    });
    return user;
  });
}
