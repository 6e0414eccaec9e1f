import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { RegistryError, login, logout, setPassword, verifyToken } from "../../lib/registry";
import { uniq } from "../support/factories";

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

describe("verifyToken", () => {
  it("accepts a fresh token and refuses unknown, expired, logged-out and deactivated ones", async () => {
    const username = uniq("tok");
    await db().user.create({ data: { username } });
    await setPassword({ username, password: "s3cret" });
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
      await setPassword({ username, password: "s3cret" });
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
