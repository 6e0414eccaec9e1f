import { describe, expect, it } from "vitest";
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
});
