// Temporary upload files belong to the instance that writes them, and a checkpoint
// completes only with every file its upload named (decision 030).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RegistryError, cleanupTemporaryFiles, getCheckpoint, reportCheckpoint, saveCheckpointFiles, storageRoot, checkpointDir } from "../../lib/registry";
import { instanceUploadFolder, releaseInstanceUploadFolder, sweepOrphanedUploads } from "../../lib/registry/storage/upload-folders";
import { admin, uniq } from "../support/factories";

const newCheckpoint = () => reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") }, batchNumber: 1 } });
const failure = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? `${e.code}: ${e.message}` : `THREW ${e}`));

describe("instance upload folders", () => {
  it("an upload is written inside this process's own folder, which holds a lease renewed while it lives", async () => {
    const cp = await newCheckpoint();
    let where = "";
    await saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      where = dir;
      fs.writeFileSync(path.join(dir, "w.bin"), "x");
    } });
    const own = await instanceUploadFolder(storageRoot());
    expect(path.dirname(where)).toBe(own);
    expect(path.basename(own)).toContain(`.${process.pid}.`);
    expect(fs.existsSync(path.join(own, ".lease"))).toBe(true);
  });

  it("the sweep never removes this process's folder, however old its lease looks", async () => {
    const own = await instanceUploadFolder(storageRoot());
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(own, ".lease"), old, old);
    await sweepOrphanedUploads(storageRoot());
    expect(fs.existsSync(own)).toBe(true);
    await instanceUploadFolder(storageRoot()); // renews
  });

  it("released at shutdown, the folder is gone and comes back on the next upload", async () => {
    const own = await instanceUploadFolder(storageRoot());
    await releaseInstanceUploadFolder();
    expect(fs.existsSync(own)).toBe(false);
    expect(await instanceUploadFolder(storageRoot())).toBe(own);
  });
});

describe("a checkpoint completes only with every file its upload named", () => {
  it("a file lost from the temporary folder before the upload finished: refused, nothing kept, still not completed", async () => {
    const cp = await newCheckpoint();
    const msg = await failure(saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      fs.writeFileSync(path.join(dir, "a.bin"), "aaaa");
      fs.writeFileSync(path.join(dir, "b.bin"), "bb");
      fs.rmSync(path.join(dir, "a.bin")); // as a careless cleaner would
      return { sizes: { "a.bin": 4, "b.bin": 2 } };
    } }));
    expect(msg).toMatch(/^UNAVAILABLE: The upload of checkpoint .* was not stored: 1 of the archive's 2 files is missing or of the wrong size in storage \(e\.g\. "a\.bin"\)/);
    expect(fs.existsSync(checkpointDir(cp.uuid))).toBe(false);
    expect((await getCheckpoint(cp.uuid)).state).toBe("ACTIVE");
  });

  it("a file of the wrong size is refused the same way", async () => {
    const cp = await newCheckpoint();
    const msg = await failure(saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      fs.writeFileSync(path.join(dir, "a.bin"), "aaa");
      return { sizes: { "a.bin": 4 } };
    } }));
    expect(msg).toMatch(/^UNAVAILABLE: .*1 of the archive's 1 files is missing or of the wrong size/);
    expect((await getCheckpoint(cp.uuid)).state).toBe("ACTIVE");
  });

  it("the whole temporary folder removed while the upload was written: refused, nothing kept", async () => {
    const cp = await newCheckpoint();
    const msg = await failure(saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      fs.writeFileSync(path.join(dir, "a.bin"), "aaaa");
      fs.rmSync(path.dirname(dir), { recursive: true }); // the instance's folder, as a cleaner that ignores leases would
      fs.mkdirSync(dir, { recursive: true }); // the extractor re-creates folders for the entries still to come
      fs.writeFileSync(path.join(dir, "b.bin"), "bb");
      return { sizes: { "a.bin": 4, "b.bin": 2 } };
    } }));
    expect(msg).toMatch(/^UNAVAILABLE: .*not stored: 1 of the archive's 2 files is missing/);
    expect(fs.existsSync(checkpointDir(cp.uuid))).toBe(false);
    expect((await getCheckpoint(cp.uuid)).state).toBe("ACTIVE");
  });

  it("a complete upload is stored with exactly its files", async () => {
    const cp = await newCheckpoint();
    const saved = await saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      fs.mkdirSync(path.join(dir, "sub"));
      fs.writeFileSync(path.join(dir, "sub", "a.bin"), "aaaa");
      return { sizes: { "sub/a.bin": 4 } };
    } });
    expect(saved.state).toBe("COMPLETED");
    expect(saved.resources).toEqual({ "sub/a.bin": 4 });
  });

  it("cleanupTemporaryFiles removes what a stopped instance left once its lease ran out, and nothing else", async () => {
    const dead = path.join(storageRoot(), ".tmp", "gone-host.1.dead");
    const live = path.join(storageRoot(), ".tmp", "other-host.2.live");
    for (const dir of [dead, live]) {
      fs.mkdirSync(path.join(dir, "upload"), { recursive: true });
      fs.writeFileSync(path.join(dir, ".lease"), "{}");
    }
    const old = new Date(Date.now() - 301_000);
    fs.utimesSync(path.join(dead, ".lease"), old, old);
    expect(await cleanupTemporaryFiles()).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(path.join(live, "upload"))).toBe(true);
    fs.rmSync(live, { recursive: true });
  });
});
