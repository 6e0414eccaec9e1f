import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { clientHash, login, logout, RegistryError, resetPassword, verifyToken } from "../../lib/registry";
import { tokenHash } from "../../lib/registry/users/tokens";
import { admin, uniq } from "../support/factories";

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

async function makeUser(password = "s3cret") {
  const username = uniq("user");
  await db().user.create({ data: { username } });
  await resetPassword({ actor: admin, input: { username, password } });
  return username;
}

describe("passwords", () => {
  it("stores a salted scrypt hash of the client-hashed form, never the password or its SHA-512", async () => {
    const username = await makeUser("hunter2");
    const { passwordHash } = await db().user.findUniqueOrThrow({ where: { username } });
    expect(passwordHash).toMatch(/^scrypt\$15\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(passwordHash).not.toContain("hunter2");
    expect(passwordHash).not.toContain(clientHash("hunter2"));
    const other = await makeUser("hunter2");
    expect((await db().user.findUniqueOrThrow({ where: { username: other } })).passwordHash).not.toBe(passwordHash);
  });

  it("accepts the plain and the client-hashed (upper- or lower-case hex) form of the same password", async () => {
    const username = await makeUser("pw");
    expect(await codeOf(login({ username, password: "pw" }))).toBe("OK");
    expect(await codeOf(login({ username, password: clientHash("pw"), isHashed: true }))).toBe("OK");
    expect(await codeOf(login({ username, password: clientHash("pw").toUpperCase(), isHashed: true }))).toBe("OK");
    expect(await codeOf(login({ username, password: "pw", isHashed: true }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(login({ username, password: "PW" }))).toBe("UNAUTHENTICATED");
  });

  it("refuses a user without a password and a deactivated user", async () => {
    const nopw = uniq("nopw");
    await db().user.create({ data: { username: nopw } });
    expect(await codeOf(login({ username: nopw, password: "" }))).toBe("UNAUTHENTICATED");
    const username = await makeUser("pw");
    const { token } = await login({ username, password: "pw" });
    await db().user.update({ where: { username }, data: { active: false } });
    expect(await codeOf(login({ username, password: "pw" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(verifyToken(token))).toBe("UNAUTHENTICATED");
  });
});

describe("tokens", () => {
  it("stores only the token's SHA-256 and resolves it to the user", async () => {
    const username = await makeUser();
    const { token, user } = await login({ username, password: "s3cret" });
    expect(token).toMatch(/^mreg_[\w-]{43}$/);
    const rows = await db().apiToken.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.tokenHash)).toEqual([tokenHash(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await verifyToken(token)).toMatchObject({ userId: user.id, username, admin: false });
  });

  it("refuses an expired token, a logged-out token and every token after a password change", async () => {
    const username = await makeUser();
    const a = await login({ username, password: "s3cret" });
    const b = await login({ username, password: "s3cret" });
    const c = await login({ username, password: "s3cret" });
    await db().apiToken.update({ where: { tokenHash: tokenHash(a.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(verifyToken(a.token))).toBe("UNAUTHENTICATED");
    await logout(b.token);
    expect(await codeOf(verifyToken(b.token))).toBe("UNAUTHENTICATED");
    expect(await codeOf(verifyToken(c.token))).toBe("OK");
    await resetPassword({ actor: admin, input: { username, password: "new" } });
    expect(await codeOf(verifyToken(c.token))).toBe("UNAUTHENTICATED");
    expect(await codeOf(login({ username, password: "s3cret" }))).toBe("UNAUTHENTICATED");
    expect(await codeOf(login({ username, password: "new" }))).toBe("OK");
  });
});
