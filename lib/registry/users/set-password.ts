import "server-only";
import { db } from "../../db/client";
import { ZSetPassword, type TSetPassword } from "../../schemas";
import { notFound, parse } from "../errors";
import { clientHashed, hashPassword } from "./password";
import { forgetTokens } from "./token-cache";


export async function setPassword(input: TSetPassword): Promise<void> {
  const { username, password, isHashed, revokeTokens } = parse(ZSetPassword, input);
  const passwordHash = await hashPassword(clientHashed(password, isHashed));
  const userId = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username }, select: { id: true } });
    if (!user) throw notFound(`User "${username}"`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    if (revokeTokens) await tx.apiToken.deleteMany({ where: { userId: user.id } });
    return user.id;
  });
  if (revokeTokens) forgetTokens({ userId });
}
