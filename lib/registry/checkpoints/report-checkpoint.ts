import "server-only";
import crypto from "node:crypto";
import type { Prisma } from "../../db/client";
import { ZReportCheckpoint, type TReportCheckpoint } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { DEFAULT_WORKSPACE } from "../defaults";
import { RegistryError, parse } from "../errors";
import type { IdempotencyClaim } from "../idempotency/claim";
import { write } from "../write";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";
import { checkpointWorkspaceId } from "./workspace";

type Tx = Prisma.TransactionClient;
type Input = ReturnType<typeof ZReportCheckpoint.parse>;

// Rows inserted with explicit ids (an id reported by a client) do not advance the
// serial sequence; move it past them so later inserts cannot collide.
async function bumpSequence(tx: Tx, table: "experiments" | "trials") {
  await tx.$executeRawUnsafe(
    `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`,
  );
}

async function findOrCreateExperiment(tx: Tx, e: NonNullable<Input["experiment"]>, userId: number): Promise<number> {
  const existing = e.id !== undefined
    ? await tx.experiment.findUnique({ where: { id: e.id }, select: { id: true } })
    : await tx.experiment.findFirst({ where: { name: e.name }, orderBy: { id: "asc" }, select: { id: true } });
  if (existing) return existing.id;
  const ws = await tx.workspace.findUniqueOrThrow({ where: { name: DEFAULT_WORKSPACE } });
  // Serialises first sight of one experiment name across concurrent reports.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`experiment:${e.name ?? e.id}`}))`;
  const again = e.id !== undefined
    ? await tx.experiment.findUnique({ where: { id: e.id }, select: { id: true } })
    : await tx.experiment.findFirst({ where: { name: e.name }, select: { id: true } });
  if (again) return again.id;
  const created = await tx.experiment.create({
    data: {
      id: e.id,
      name: e.name ?? `experiment-${e.id}`,
      config: (e.config ?? { name: e.name ?? `experiment-${e.id}` }) as Prisma.InputJsonObject,
      searcherMetric: e.searcherMetric,
      userId,
      workspaceId: ws.id,
    },
    select: { id: true },
  });
  if (e.id !== undefined) await bumpSequence(tx, "experiments");
  return created.id;
}

async function findOrCreateTrial(tx: Tx, experimentId: number, t: Input["trial"]): Promise<number> {
  if (t?.id !== undefined) {
    const existing = await tx.trial.findUnique({ where: { id: t.id }, select: { id: true, experimentId: true } });
    if (existing) {
      if (existing.experimentId !== experimentId) {
        throw new RegistryError("INVALID", `Trial ${t.id} belongs to experiment ${existing.experimentId}, not ${experimentId}.`);
      }
      return existing.id;
    }
  }
  const created = await tx.trial.create({
    data: { id: t?.id, experimentId, hparams: (t?.hparams ?? {}) as Prisma.InputJsonObject },
    select: { id: true },
  });
  if (t?.id !== undefined) await bumpSequence(tx, "trials");
  return created.id;
}

/**
 * Records a checkpoint; its experiment and trial are created on first sight. With
 * `idempotency` (the request's Idempotency-Key) the key commits with it.
 */
export async function reportCheckpoint({ actor, input, idempotency }: {
  actor: Actor;
  input: TReportCheckpoint;
  idempotency?: IdempotencyClaim;
}): Promise<TCheckpoint> {
  signedIn(actor);
  const data = parse(ZReportCheckpoint, input);
  const uuid = data.uuid ?? crypto.randomUUID();
  return write({ actor, idempotency, violations: { unique: `Checkpoint ${uuid} already exists.` } }, async ({ tx, actor: who, record }) => {
    let experimentId: number | null = null;
    let trialId: number | null = null;
    if (data.experiment) {
      experimentId = await findOrCreateExperiment(tx, data.experiment, who.userId);
      trialId = await findOrCreateTrial(tx, experimentId, data.trial);
    } else if (data.trial?.id !== undefined) {
      const trial = await tx.trial.findUnique({ where: { id: data.trial.id } });
      if (!trial) throw new RegistryError("NOT_FOUND", `Trial ${data.trial.id} not found; give its experiment too.`);
      trialId = trial.id;
      experimentId = trial.experimentId;
    }
    // Checked after find-or-create so the experiment's own workspace decides; a refusal rolls the creation back.
    await authorize(tx, who, "checkpoint.report", await checkpointWorkspaceId(tx, experimentId));
    const metadata = { ...data.metadata };
    if (data.batchNumber !== undefined) metadata.steps_completed ??= data.batchNumber;
    const batchNumber = data.batchNumber ?? (typeof metadata.steps_completed === "number" ? metadata.steps_completed : null);
    const row = await tx.checkpoint.create({
      data: {
        uuid,
        taskId: data.taskId,
        allocationId: data.allocationId,
        reportTime: data.reportTime,
        state: data.state,
        metadata: metadata as Prisma.InputJsonObject,
        resources: Object.fromEntries(Object.entries(data.resources ?? {}).map(([k, v]) => [k, Number(v)])),
        batchNumber,
        framework: data.framework,
        format: data.format,
        trainingMetrics: data.trainingMetrics as Prisma.InputJsonObject,
        validationMetrics: data.validationMetrics as Prisma.InputJsonObject,
        searcherMetric: data.searcherMetric ?? null,
        experimentId,
        trialId,
      },
      select: checkpointSelect,
    });
    const checkpoint = toCheckpoint(row);
    record({
      objectType: "CHECKPOINT", objectId: uuid, objectKey: uuid, action: "CREATE",
      changes: [
        { field: "state", after: checkpoint.state },
        { field: "experimentId", after: checkpoint.experimentId },
        { field: "trialId", after: checkpoint.trialId },
        { field: "batchNumber", after: checkpoint.batchNumber },
      ],
    });
    return checkpoint;
  });
}
