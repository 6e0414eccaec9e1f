import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { forgetTokens } from "./token-cache";
import { tokenHash } from "./tokens";

/** Revokes one token. Logging out twice is not an error. */
export const logout = edge(async function logout(token: string): Promise<void> {
  const hash = tokenHash(token);
  await db().apiToken.deleteMany({ where: { tokenHash: hash } });
  forgetTokens({ hash });
});
