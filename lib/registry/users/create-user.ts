import "server-only";
import { db } from "../../db/client";
import { ZCreateUser, type TCreateUser } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { parse, translateDbError } from "../errors";
import { recordHistory } from "../history/record-history";
import { clientHash, hashPassword } from "./password";
import { userSelect, type TUser } from "./select";

export async function createUser(input: TCreateUser, actor?: Actor): Promise<TUser> {
  const who = await signedInAdmin(actor);
  const data = parse(ZCreateUser, input);
  const passwordHash = await hashPassword(clientHash(data.password));
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: data.username, displayName: data.displayName, admin: data.admin, passwordHash },
        select: userSelect,
      });
      await recordHistory(tx, who, {
        objectType: "USER", objectId: user.id, objectKey: user.username, action: "CREATE",
        changes: [{ field: "username", after: user.username }, { field: "displayName", after: user.displayName }, { field: "admin", after: user.admin }],
      });
      return user;
    });
  } catch (err) {
    translateDbError(err, { unique: `A user named "${data.username}" already exists.` });
  }
}
