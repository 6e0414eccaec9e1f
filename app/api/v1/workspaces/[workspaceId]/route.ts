import { route } from "@/lib/http/route";
import { wireWorkspace } from "@/lib/http/wire/workspace";
import { deleteWorkspace, parse, readWorkspace, renameWorkspace } from "@/lib/registry";
import { ZPatchWorkspaceBody } from "@/lib/schemas/api";
import { workspaceKey } from "@/lib/http/workspace-key";

export const dynamic = "force-dynamic";
type P = { workspaceId: string };

export const GET = route<P>(async ({ params, actor }) => (
  { workspace: wireWorkspace(await readWorkspace({ reader: actor, workspace: workspaceKey(params.workspaceId) })) }
));

/** Determined's PatchWorkspace: the name is the one field the registry keeps. */
export const PATCH = route<P>(async ({ params, body, actor }) => {
  const { name } = parse(ZPatchWorkspaceBody, await body());
  const workspace = workspaceKey(params.workspaceId);
  const w = name === undefined
    ? await readWorkspace({ reader: actor, workspace })
    : await renameWorkspace({ actor, workspace, input: { name } });
  return { workspace: wireWorkspace(w) };
});

/** Only an empty workspace is deleted, at once: `completed` is always true (Determined's clients then stop polling). */
export const DELETE = route<P>(async ({ params, actor }) => {
  await deleteWorkspace({ actor, workspace: workspaceKey(params.workspaceId) });
  return { completed: true };
});
