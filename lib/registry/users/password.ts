import "server-only";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { clientHash } from "../../auth/client-hash";

const scrypt = promisify(crypto.scrypt) as (pw: crypto.BinaryLike, salt: crypto.BinaryLike, len: number, o: crypto.ScryptOptions) => Promise<Buffer>;

export { CLIENT_SALT, clientHash } from "../../auth/client-hash";

/**
 * The client-hashed form we store a slow hash of. Determined's clients send an
 * empty password as "" even with isHashed (they skip hashing it), so "" always
 * means the empty plain password.
 */
export function clientHashed(password: string, isHashed: boolean): string {
  return isHashed && password !== "" ? password.toLowerCase() : clientHash(password);
}

// OWASP's scrypt setting N=2^15, r=8, p=3: 32 MiB and ~0.3 s per hash on our machines.
// The parameters are stored with each hash, so raising them later keeps old hashes valid
// (docs/decisions/010-password-hashing.md).
const PARAMS = { logN: 15, r: 8, p: 3 };
const KEY_BYTES = 32;

async function derive(secret: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return scrypt(secret, salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

/** Slow hash of the client-hashed password: `scrypt$logN$r$p$salt$hash` (base64url). */
export async function hashPassword(clientHashed: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await derive(clientHashed, salt, PARAMS.logN, PARAMS.r, PARAMS.p);
  return ["scrypt", PARAMS.logN, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(clientHashed: string, stored: string | null): Promise<boolean> {
  // With no stored hash, still spend the same time so response timing does not reveal which usernames exist.
  const parts = (stored ?? DUMMY).split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, logN, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(clientHashed, Buffer.from(salt, "base64url"), Number(logN), Number(r), Number(p));
  return stored !== null && expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

const DUMMY = `scrypt$${PARAMS.logN}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(KEY_BYTES).toString("base64url")}`;
