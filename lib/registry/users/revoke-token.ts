import "server-only";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { RegistryError, notFound } from "../errors";
import { write } from "../write";
import { forgetTokens } from "./token-cache";

/** Revokes a token or ends a session at once: the next request with it is 401. */
export async function revokeToken({ actor, id }: { actor: Actor; id: number }): Promise<void> {
  signedInAdmin(actor);
  if (!Number.isSafeInteger(id) || id < 1) throw new RegistryError("INVALID", "Token id must be a positive whole number.");
  await write({ actor }, async ({ tx, record, afterCommit }) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: { kind: true, name: true, tokenHash: true, user: { select: { id: true, username: true } } } });
    if (!row) throw notFound(`Token ${id}`);
    await tx.apiToken.delete({ where: { id } });
    record({
      objectType: "USER", objectId: row.user.id, objectKey: row.user.username, action: "UPDATE",
      changes: [{ field: `${row.kind === "API" ? "apiToken" : row.kind.toLowerCase()}.${row.name || id}`, before: "active", after: "revoked" }],
    });
    afterCommit(() => forgetTokens({ hash: row.tokenHash }));
  });
}
