import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { createUser, login } from "../../lib/registry";
import { admin, uniq } from "../support/factories";

const attempt = (username: string, password: string, address: string) =>
  login({ username, password }, { address }).then(() => "OK", (e) => `${e.code}: ${e.message}`);

describe("failed sign-ins are rate-limited per user and per address", () => {
  it("after 5 failures for one user even the right password is refused, from any address", async () => {
    const u = await createUser({ actor: admin, input: { username: uniq("limited"), password: "right" } });
    for (let i = 0; i < 5; i++) expect(await attempt(u.username, "wrong", `10.0.0.${i}`)).toBe("UNAUTHENTICATED: Invalid username or password.");
    expect(await attempt(u.username, "right", "10.0.1.1")).toMatch(/^RATE_LIMITED: Too many failed sign-ins\. Try again in \d+ minutes?\.$/);
  });

  it("an unknown user gets the same message and the same limit as a real one", async () => {
    const ghost = uniq("ghost");
    for (let i = 0; i < 5; i++) expect(await attempt(ghost, "x", `10.1.0.${i}`)).toBe("UNAUTHENTICATED: Invalid username or password.");
    expect(await attempt(ghost, "x", "10.1.1.1")).toMatch(/^RATE_LIMITED: Too many failed sign-ins/);
  });

  it("one address trying many users is stopped after 20 failures, other addresses are not", async () => {
    const u = await createUser({ actor: admin, input: { username: uniq("bystander"), password: "pw" } });
    for (let i = 0; i < 20; i++) await attempt(uniq("spray"), "x", "10.2.0.1");
    expect(await attempt(u.username, "pw", "10.2.0.1")).toMatch(/^RATE_LIMITED/);
    expect(await attempt(u.username, "pw", "10.2.0.2")).toBe("OK");
  });

  it("a correct password clears the user's failures", async () => {
    const u = await createUser({ actor: admin, input: { username: uniq("forgetful"), password: "pw" } });
    for (let i = 0; i < 4; i++) await attempt(u.username, "wrong", "10.3.0.1");
    expect(await attempt(u.username, "pw", "10.3.0.1")).toBe("OK");
    for (let i = 0; i < 4; i++) await attempt(u.username, "wrong", "10.3.0.1");
    expect(await attempt(u.username, "pw", "10.3.0.1")).toBe("OK");
  });

  it("parallel guesses get no more tries than sequential ones: 12 at once, exactly 5 are checked", async () => {
    const u = await createUser({ actor: admin, input: { username: uniq("parallel"), password: "right" } });
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(u.username, "wrong", `10.4.0.${i}`)));
    expect(answers.filter((a) => a === "UNAUTHENTICATED: Invalid username or password.")).toHaveLength(5);
    expect(answers.filter((a) => a.startsWith("RATE_LIMITED: Too many failed sign-ins"))).toHaveLength(7);
  });

  it("the counters are rows in the database (shared by every instance, kept across restarts); old rows are swept", async () => {
    const name = uniq("rows");
    await attempt(name, "x", "10.5.0.1");
    const rows = await db().$queryRaw<{ key: string; pending: boolean }[]>`SELECT key, pending FROM sign_in_attempts WHERE key IN (${`u:${name}`}, 'a:10.5.0.1') ORDER BY key`;
    expect(rows).toEqual([{ key: "a:10.5.0.1", pending: false }, { key: `u:${name}`, pending: false }]);
    await db().$executeRaw`UPDATE sign_in_attempts SET at = now() - interval '1 day' WHERE key = ${`u:${name}`}`;
    await attempt(uniq("sweeper"), "x", "10.5.0.2");
    const [{ n }] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM sign_in_attempts WHERE key = ${`u:${name}`}`;
    expect(n).toBe(0);
  });
});
