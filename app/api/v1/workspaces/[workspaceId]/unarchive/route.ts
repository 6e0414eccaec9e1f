import { route } from "@/lib/http/route";
import { unarchiveWorkspace } from "@/lib/registry";
import { workspaceKey } from "@/lib/http/workspace-key";

export const dynamic = "force-dynamic";

export const POST = route<{ workspaceId: string }>(async ({ params, actor }) => {
  await unarchiveWorkspace({ actor, workspace: workspaceKey(params.workspaceId) });
  return {};
});
