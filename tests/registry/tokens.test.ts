import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { createApiToken, login, logout, RegistryError, resetPassword, revokeToken, verifyToken } from "../../lib/registry";
import { cacheGeneration, cachedActor, forgetTokens, rememberActor } from "../../lib/registry/users/token-cache";
import { startTokenListener, stopTokenListener, tokenListenerUp } from "../../lib/registry/users/token-listener";
import { tokenHash } from "../../lib/registry/users/tokens";
import { admin, uniq } from "../support/factories";

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

async function newUser(): Promise<{ username: string; token: string; userId: number }> {
  const username = uniq("tok");
  await db().user.create({ data: { username } });
  await resetPassword({ actor: admin, input: { username, password: "s3cret" } });
  const { token, user } = await login({ username, password: "s3cret" });
  return { username, token, userId: user.id };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("verifyToken", () => {
  // These change tokens and users behind the domain's back (as an operator's SQL
  // would); the cache's own rules are tested below.
  beforeEach(() => vi.stubEnv("MREG_TOKEN_CACHE_MS", "0"));
  afterEach(() => vi.unstubAllEnvs());

  it("accepts a fresh token and refuses unknown, expired, logged-out and deactivated ones", async () => {
    const username = uniq("tok");
    await db().user.create({ data: { username } });
    await resetPassword({ actor: admin, input: { username, password: "s3cret" } });
    const { token, user } = await login({ username, password: "s3cret" });
    expect(await verifyToken(token)).toEqual({ userId: user.id, username, admin: false });
    expect(await codeOf(verifyToken(`${token}x`))).toBe("UNAUTHENTICATED");

    const second = await login({ username, password: "s3cret" });
    await logout(second.token);
    expect(await codeOf(verifyToken(second.token))).toBe("UNAUTHENTICATED");
    expect(await codeOf(verifyToken(token))).toBe("OK");

    await db().apiToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(verifyToken(token))).toBe("UNAUTHENTICATED");

    const third = await login({ username, password: "s3cret" });
    await db().user.update({ where: { id: user.id }, data: { active: false } });
    const err = await verifyToken(third.token).catch((e) => e);
    expect(err.code).toBe("UNAUTHENTICATED");
    expect(err.message).toContain("deactivated");
  });

  it("concurrent checks, answered by one query, each get their own token's answer", async () => {
    const users = [uniq("tok"), uniq("tok"), uniq("tok")];
    const tokens: string[] = [];
    for (const username of users) {
      await db().user.create({ data: { username } });
      await resetPassword({ actor: admin, input: { username, password: "s3cret" } });
      tokens.push((await login({ username, password: "s3cret" })).token);
    }
    const [a, b, expired] = tokens;
    await db().apiToken.updateMany({ where: { user: { username: users[2] } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = (t: string) => verifyToken(t).then((x) => x.username, (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));
    // All started in one turn of the event loop, so they share one lookup.
    const got = await Promise.all([a, `${a}x`, b, expired, a, b].map(answer));
    expect(got).toEqual([users[0], "UNAUTHENTICATED", users[1], "UNAUTHENTICATED", users[0], users[1]]);
  });
});

/** Deletes a token with triggers off (session_replication_role), so no instance hears of it. */
async function deleteSilently(token: string) {
  await db().$transaction([
    db().$executeRaw`SET LOCAL session_replication_role = replica`,
    db().apiToken.deleteMany({ where: { tokenHash: tokenHash(token) } }),
  ]);
}

describe("verified-token cache", () => {
  // The cache answers only while this process listens for revocations.
  beforeEach(async () => expect(await startTokenListener()).toBe(true));
  afterEach(() => vi.unstubAllEnvs());

  it("answers a verified token from memory until its TTL passes", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "1000");
    const { token, userId, username } = await newUser();
    expect(await verifyToken(token)).toEqual({ userId, username, admin: false });
    // Gone from the database without anyone being told: still answered from memory...
    await deleteSilently(token);
    expect(await codeOf(verifyToken(token))).toBe("OK");
    // ...for the TTL at most.
    await sleep(1050);
    expect(await codeOf(verifyToken(token))).toBe("UNAUTHENTICATED");
  });

  it("never remembers a token past its own expiry", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    const { token, userId } = await newUser();
    await db().apiToken.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() + 300) } });
    expect(await codeOf(verifyToken(token))).toBe("OK");
    await sleep(350);
    expect(await codeOf(verifyToken(token))).toBe("UNAUTHENTICATED");
  });

  it("forgets at once a token ended by logout, revocation or a password change", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    const a = await newUser();
    expect(await codeOf(verifyToken(a.token))).toBe("OK");
    await logout(a.token);
    expect(await codeOf(verifyToken(a.token))).toBe("UNAUTHENTICATED");

    const b = await newUser();
    const other = await login({ username: b.username, password: "s3cret" });
    expect(await codeOf(verifyToken(b.token))).toBe("OK");
    expect(await codeOf(verifyToken(other.token))).toBe("OK");
    await resetPassword({ actor: admin, input: { username: b.username, password: "new" } });
    expect(await codeOf(verifyToken(b.token))).toBe("UNAUTHENTICATED");
    expect(await codeOf(verifyToken(other.token))).toBe("UNAUTHENTICATED");

    const c = await newUser();
    const script = await createApiToken({ actor: admin, input: { username: c.username, name: "ci", days: 1 } });
    expect(await codeOf(verifyToken(script.token))).toBe("OK");
    await revokeToken({ actor: admin, id: script.info.id });
    expect(await codeOf(verifyToken(script.token))).toBe("UNAUTHENTICATED");
    expect(await codeOf(verifyToken(c.token))).toBe("OK");
    await resetPassword({ actor: admin, input: { username: c.username, password: "another" } });
    expect(await codeOf(verifyToken(c.token))).toBe("UNAUTHENTICATED");
  });

  it("does not remember an answer read before a token was ended", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    const { token, userId, username } = await newUser();
    const hash = tokenHash(token);
    const before = cacheGeneration(); // a lookup starts...
    forgetTokens({ userId }); // ...the user's tokens end meanwhile...
    rememberActor(hash, { userId, username, admin: false }, new Date(Date.now() + 60_000), before); // ...and its answer arrives
    expect(cachedActor(hash)).toBeUndefined();
    rememberActor(hash, { userId, username, admin: false }, new Date(Date.now() + 60_000), cacheGeneration());
    expect(cachedActor(hash)).toMatchObject({ userId });
  });
});

describe("revocations made elsewhere (another instance, SQL by hand)", () => {
  afterEach(() => vi.unstubAllEnvs());
  const until = async (check: () => Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) return false;
      await sleep(5);
    }
    return true;
  };

  it("a token deleted or a user deactivated in SQL is refused within 100 ms, through the database's notification", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    expect(await startTokenListener()).toBe(true);
    const a = await newUser();
    expect(await codeOf(verifyToken(a.token))).toBe("OK");
    await db().$executeRaw`DELETE FROM api_tokens WHERE token_hash = ${tokenHash(a.token)}`;
    expect(await until(async () => (await codeOf(verifyToken(a.token))) === "UNAUTHENTICATED", 100)).toBe(true);

    const b = await newUser();
    expect(await verifyToken(b.token)).toMatchObject({ admin: false });
    await db().$executeRaw`UPDATE users SET admin = true WHERE id = ${b.userId}`;
    expect(await until(async () => (await verifyToken(b.token)).admin, 100)).toBe(true);
    await db().$executeRaw`UPDATE users SET active = false WHERE id = ${b.userId}`;
    expect(await until(async () => (await codeOf(verifyToken(b.token))) === "UNAUTHENTICATED", 100)).toBe(true);
  });

  it("while the listener is down nothing is answered from memory; when it is back the cache starts empty", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    expect(await startTokenListener()).toBe(true);
    const a = await newUser();
    expect(await codeOf(verifyToken(a.token))).toBe("OK");
    expect(cachedActor(tokenHash(a.token))).toBeDefined();
    // The listener's connection is cut (as a database restart or a network fault would).
    await db().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mreg-token-listener' AND pid <> pg_backend_pid()`;
    expect(await until(async () => !tokenListenerUp(), 2_000)).toBe(true);
    expect(cachedActor(tokenHash(a.token))).toBeUndefined();
    // A revocation nobody can hear about now is still seen at once: the database is asked.
    await deleteSilently(a.token);
    expect(await codeOf(verifyToken(a.token))).toBe("UNAUTHENTICATED");
    // It reconnects by itself.
    expect(await until(async () => tokenListenerUp(), 5_000)).toBe(true);
    const b = await newUser();
    expect(await codeOf(verifyToken(b.token))).toBe("OK");
    expect(cachedActor(tokenHash(b.token))).toBeDefined();
  });

  it("stopped, the listener leaves every check to the database", async () => {
    vi.stubEnv("MREG_TOKEN_CACHE_MS", "60000");
    await stopTokenListener();
    const a = await newUser();
    // (verifyToken starts it again in the background; this first answer cannot come from memory)
    rememberActor(tokenHash(a.token), { userId: a.userId, username: a.username, admin: false }, new Date(Date.now() + 60_000), cacheGeneration());
    expect(cachedActor(tokenHash(a.token))).toBeUndefined();
    expect(await startTokenListener()).toBe(true);
  });
});
