// `npm run dev` must serve its scripts to pages opened at 127.0.0.1 and at this
// machine's own addresses and name, not only at localhost (issue 11).
import os from "node:os";
import { describe, expect, it } from "vitest";
import nextConfig from "../../next.config";

describe("next.config.ts allowedDevOrigins", () => {
  it("holds 127.0.0.1, ::1, the host name and every address of this machine", () => {
    const allowed = new Set(nextConfig.allowedDevOrigins);
    const addresses = Object.values(os.networkInterfaces()).flat().filter((a) => !!a).map((a) => a!.address);
    expect(addresses.length).toBeGreaterThan(0);
    for (const name of ["127.0.0.1", "[::1]", os.hostname(), ...addresses]) expect(allowed.has(name), name).toBe(true);
  });
});
