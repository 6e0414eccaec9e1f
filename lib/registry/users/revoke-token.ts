import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { RegistryError, notFound } from "../errors";
import { recordHistory } from "../history/record-history";
import { forgetTokens } from "./token-cache";

/** Revokes a token or ends a session at once: the next request with it is 401. */
export async function revokeToken(id: number, actor?: Actor): Promise<void> {
  const who = await signedInAdmin(actor);
  if (!Number.isSafeInteger(id) || id < 1) throw new RegistryError("INVALID", "Token id must be a positive whole number.");
  const { tokenHash: hash } = await db().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: { kind: true, name: true, tokenHash: true, user: { select: { id: true, username: true } } } });
    if (!row) throw notFound(`Token ${id}`);
    await tx.apiToken.delete({ where: { id } });
    await recordHistory(tx, who, {
      objectType: "USER", objectId: row.user.id, objectKey: row.user.username, action: "UPDATE",
      changes: [{ field: `${row.kind === "API" ? "apiToken" : row.kind.toLowerCase()}.${row.name || id}`, before: "active", after: "revoked" }],
    });
    return row;
  });
  forgetTokens({ hash });
}
