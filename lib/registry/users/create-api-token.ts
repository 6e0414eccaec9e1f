import "server-only";
import { ZCreateApiToken, type TCreateApiToken } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { notFound, parse } from "../errors";
import { write } from "../write";
import type { TTokenInfo } from "./list-tokens";
import { newToken, tokenHash } from "./tokens";

/** A named API token for a script; the token is returned once and only its SHA-256 is kept. */
export async function createApiToken({ actor, input }: { actor: Actor; input: TCreateApiToken }): Promise<{ token: string; info: TTokenInfo }> {
  signedInAdmin(actor);
  const data = parse(ZCreateApiToken, input);
  const token = newToken();
  return write({ actor }, async ({ tx, record }) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    const row = await tx.apiToken.create({
      data: { tokenHash: tokenHash(token), userId: user.id, kind: "API", name: data.name, expiresAt: new Date(Date.now() + data.days * 86_400_000) },
    });
    record({
      objectType: "USER", objectId: user.id, objectKey: user.username, action: "UPDATE",
      changes: [{ field: `apiToken.${data.name}`, after: `expires ${row.expiresAt.toISOString()}` }],
    });
    return { token, info: { id: row.id, username: user.username, kind: "API", name: row.name, createdAt: row.createdAt, expiresAt: row.expiresAt } };
  });
}
