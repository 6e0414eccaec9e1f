import "server-only";
import type { Prisma } from "../../db/client";
import { ZCreateModel, type TCreateModel } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { DEFAULT_WORKSPACE } from "../defaults";
import { RegistryError, parse } from "../errors";
import type { IdempotencyClaim } from "../idempotency/claim";
import { write } from "../write";
import { modelCreatedEvent } from "./history";
import { bumpModelCounts } from "./model-counts";
import { modelSelect, toModel, type TModel } from "./select";

/** Creates a model; with `idempotency` (the request's Idempotency-Key) the key commits with it. */
export async function createModel({ actor, input, idempotency }: {
  actor: Actor;
  input: TCreateModel;
  idempotency?: IdempotencyClaim;
}): Promise<TModel> {
  signedIn(actor);
  const data = parse(ZCreateModel, input);
  const workspaceName = data.workspace ?? DEFAULT_WORKSPACE;
  const violations = { unique: `A model named "${data.name}" already exists.` };
  return write({ actor, violations, idempotency }, async ({ tx, actor: who, record }) => {
    const workspace = await tx.workspace.findUnique({ where: { name: workspaceName } });
    if (!workspace) throw new RegistryError("NOT_FOUND", `Workspace "${workspaceName}" not found.`);
    await authorize(tx, who, "model.create", workspace.id);
    const model = toModel(await tx.model.create({
      data: {
        name: data.name,
        description: data.description,
        metadata: data.metadata as Prisma.InputJsonObject,
        labels: data.labels,
        notes: data.notes,
        userId: who.userId,
        workspaceId: workspace.id,
      },
      select: modelSelect,
    }));
    record(modelCreatedEvent(model));
    await bumpModelCounts(tx, { all: 1 });
    return model;
  });
}
