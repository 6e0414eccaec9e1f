import "server-only";
import { ZResetPassword, type TResetPassword } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { notFound, parse } from "../errors";
import { write } from "../write";
import { clientHash, hashPassword } from "./password";
import { forgetTokens } from "./token-cache";

/** Sets a new password and signs the user out everywhere (all their tokens and sessions). */
export async function resetPassword({ actor, input }: { actor: Actor; input: TResetPassword }): Promise<void> {
  signedInAdmin(actor);
  const data = parse(ZResetPassword, input);
  const passwordHash = await hashPassword(clientHash(data.password));
  await write({ actor }, async ({ tx, record, afterCommit }) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const { count } = await tx.apiToken.deleteMany({ where: { userId: user.id } });
    // The hash itself is never recorded; that it changed, and how many sign-ins ended, is.
    record({
      objectType: "USER", objectId: user.id, objectKey: user.username, action: "PASSWORD_RESET",
      changes: [{ field: "password", before: "(set)", after: "(reset)" }, { field: "tokensRevoked", after: count }],
    });
    afterCommit(() => forgetTokens({ userId: user.id }));
  });
}
