// One writer per checkpoint in object storage (decision 092): two writers of one uuid
// would write the same keys, so the second upload is refused while the first holds its
// claim, and a claim left by a writer that died lapses.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { getCheckpoint, reportCheckpoint, storeCheckpointArchive } from "../../lib/registry";
import { admin, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";
import { readStored } from "../support/stored-files";

const newCheckpoint = () => reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });

describe("upload claims", () => {
  it("a second upload of a checkpoint while the first runs is refused with 409, and the first completes intact", async () => {
    const cp = await newCheckpoint();
    const first = crypto.randomBytes(12 * 1024 * 1024);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const archive = rawTarGz([{ name: "w.bin", body: first }]);
    // The first upload sends half, then waits until the second has been refused.
    const slow = Readable.from((async function* () {
      yield archive.subarray(0, archive.length / 2);
      await gate;
      yield archive.subarray(archive.length / 2);
    })());
    const running = storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: slow, limits: { maxBytes: 64 * 1024 * 1024, maxEntries: 10 } });
    await new Promise((r) => setTimeout(r, 300));
    const second = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "w.bin", body: "other" }])]) }).catch((e) => e);
    release();
    expect(second.code).toBe("CONFLICT");
    expect(second.message).toMatch(/is being uploaded by another request/);
    expect((await running).state).toBe("COMPLETED");
    expect((await readStored(cp.uuid, "w.bin")).equals(first)).toBe(true);
    const row = await db().checkpoint.findUniqueOrThrow({ where: { uuid: cp.uuid }, select: { uploadClaim: true, uploadClaimedUntil: true } });
    expect(row).toEqual({ uploadClaim: null, uploadClaimedUntil: null });
  });

  it("a claim whose writer died lapses, and the next upload takes over", async () => {
    const cp = await newCheckpoint();
    await db().$executeRaw`UPDATE checkpoints SET upload_claim = 'dead-writer', upload_claimed_until = now() - interval '1 second' WHERE uuid = ${cp.uuid}::uuid`;
    const done = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "a", body: "a" }])]) });
    expect(done.state).toBe("COMPLETED");
    expect((await getCheckpoint(cp.uuid)).resources).toEqual({ a: 1 });
  });
});
