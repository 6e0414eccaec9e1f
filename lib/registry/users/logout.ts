import "server-only";
import { db } from "../../db/client";
import { tokenHash } from "./tokens";

/** Revokes one token. Logging out twice is not an error. */
export async function logout(token: string): Promise<void> {
  await db().apiToken.deleteMany({ where: { tokenHash: tokenHash(token) } });
}
