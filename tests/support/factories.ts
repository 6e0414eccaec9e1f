import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { reportCheckpoint, saveCheckpointFiles, createModel } from "../../lib/registry";
import { adminActor } from "./actors";

/** The administrator, for set-up; domain tests run after setup.ts has created the default users. */
export const admin = await adminActor();

/** A unique suffix so tests never depend on each other's data or order. */
export const uniq = (prefix = "t") => `${prefix}-${crypto.randomBytes(5).toString("hex")}`;

export async function makeModel(overrides: Record<string, unknown> = {}) {
  return createModel({ actor: admin, input: { name: uniq("model"), ...overrides } });
}

/** A completed checkpoint with real files on disk. */
export async function makeCheckpoint(opts: { experiment?: string; batchNumber?: number; files?: Record<string, string> } = {}) {
  const cp = await reportCheckpoint({ actor: admin, input: {
    experiment: { name: opts.experiment ?? uniq("exp") },
    batchNumber: opts.batchNumber ?? 100,
    framework: "torch-2.4",
    format: "pytorch",
    validationMetrics: { validation_loss: 0.1 },
  } });
  return saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
    for (const [name, content] of Object.entries(opts.files ?? { "model.pt": "weights", "config.yaml": "lr: 0.1\n" })) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), content);
    }
  } });
}
