import "server-only";
import crypto from "node:crypto";

/** Bearer tokens: 32 random bytes; only their SHA-256 is stored, so a database leak yields no usable token. */
export function newToken(): string {
  return `mreg_${crypto.randomBytes(32).toString("base64url")}`;
}

export function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

const hours = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** Token lifetime (MREG_TOKEN_TTL_HOURS, default 7 days, as Determined's sessions). */
export const tokenTtlMs = () => hours("MREG_TOKEN_TTL_HOURS", 24 * 7) * 3600_000;
