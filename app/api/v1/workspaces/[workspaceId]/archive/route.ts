import { route } from "@/lib/http/route";
import { archiveWorkspace } from "@/lib/registry";
import { workspaceKey } from "@/lib/http/workspace-key";

export const dynamic = "force-dynamic";

export const POST = route<{ workspaceId: string }>(async ({ params, actor }) => {
  await archiveWorkspace({ actor, workspace: workspaceKey(params.workspaceId) });
  return {};
});
