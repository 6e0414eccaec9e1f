// How Determined's clients hash a password before sending it (POST /api/v1/auth/login
// with isHashed: true). One rule for the server, which stores a slow hash of this form
// (lib/registry/users/password.ts), and for the mreg CLI, which sends it. Pure Node.
import crypto from "node:crypto";

/** Determined's clients send hex SHA-512 of this fixed salt followed by the plain password. */
export const CLIENT_SALT = "GubPEmmotfiK9TMD6Zdw";

export function clientHash(plain: string): string {
  return crypto.createHash("sha512").update(CLIENT_SALT + plain, "utf8").digest("hex");
}

/** The `password` a client sends with isHashed: true; an empty password travels as "", as Determined's clients send it. */
export function loginPassword(plain: string): string {
  return plain === "" ? "" : clientHash(plain);
}
