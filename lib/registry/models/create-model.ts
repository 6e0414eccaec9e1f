import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZCreateModel, type TCreateModel } from "../../schemas";
import { DEFAULT_WORKSPACE, type Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { RegistryError, parse, translateDbError } from "../errors";
import { recordModelCreated } from "./history";
import { bumpModelCounts } from "./model-counts";
import { modelSelect, toModel, type TModel } from "./select";

export async function createModel(input: TCreateModel, actor?: Actor): Promise<TModel> {
  const who = await signedIn(actor);
  const data = parse(ZCreateModel, input);
  const workspaceName = data.workspace ?? DEFAULT_WORKSPACE;
  try {
    return await db().$transaction(async (tx) => {
      const workspace = await tx.workspace.findUnique({ where: { name: workspaceName } });
      if (!workspace) throw new RegistryError("NOT_FOUND", `Workspace "${workspaceName}" not found.`);
      await authorize(tx, who, "model.create", workspace.id);
      const row = await tx.model.create({
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
      });
      const model = toModel(row);
      await recordModelCreated(tx, who, model);
      await bumpModelCounts(tx, { all: 1 });
      return model;
    });
  } catch (err) {
    translateDbError(err, { unique: `A model named "${data.name}" already exists.` });
  }
}
