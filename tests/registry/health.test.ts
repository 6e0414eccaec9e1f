import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkHealth } from "../../lib/registry/health";
import { releaseInstanceUploadFolder } from "../../lib/registry/storage/upload-folders";

describe("checkHealth", () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    await releaseInstanceUploadFolder();
  });

  it("ok when the database answers and storage takes a file, leaving nothing behind", async () => {
    expect(await checkHealth()).toEqual({ status: "ok", database: "ok", storage: "ok" });
    const tmp = path.join(process.env.MREG_STORAGE_DIR!, ".tmp");
    const left = fs.readdirSync(tmp, { recursive: true }).map(String).filter((f) => f.includes("health-"));
    expect(left).toEqual([]);
  });

  it("names storage that cannot be written", async () => {
    const notADir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mreg-health-")), "file");
    fs.writeFileSync(notADir, "x");
    vi.stubEnv("MREG_STORAGE_DIR", notADir);
    const health = await checkHealth();
    expect(health.status).toBe("unavailable");
    expect(health.database).toBe("ok");
    expect(health.storage).toMatch(/^not writable: ENOTDIR/);
  });
});
