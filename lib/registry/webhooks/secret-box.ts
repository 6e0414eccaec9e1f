import "server-only";
import crypto from "node:crypto";
import { RegistryError } from "../errors";

/**
 * Signing secrets are stored as AES-256-GCM ciphertexts under MREG_WEBHOOK_KEY, a key
 * that lives only in the servers' environment, so a copy of the database alone cannot
 * sign a delivery (docs/decisions/080-webhook-secrets-encrypted-with-a-server-key.md).
 * Hashing is no option: the server itself must sign with the secret.
 */
export function webhookKey(): Buffer {
  const raw = process.env.MREG_WEBHOOK_KEY?.trim();
  if (!raw) {
    throw new RegistryError("FAILED_PRECONDITION",
      "Webhooks need MREG_WEBHOOK_KEY (32 random bytes, base64 or hex, the same on every instance): " +
      "for example `openssl rand -base64 32`.");
  }
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new RegistryError("FAILED_PRECONDITION", "MREG_WEBHOOK_KEY must be 32 bytes (44 base64 or 64 hex characters).");
  return key;
}

export function webhookKeyConfigured(): boolean {
  try { webhookKey(); return true; } catch { return false; }
}

/** A new Standard Webhooks secret: "whsec_" and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64")}`;
}

/** "v1.<iv>.<tag>.<ciphertext>", each base64. */
export function sealSecret(secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", webhookKey(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(".");
}

export function openSecret(sealed: string): string {
  const [v, iv, tag, data] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed webhook secret");
  const decipher = crypto.createDecipheriv("aes-256-gcm", webhookKey(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}
