// The workspace naming rule as a plain function (no zod), for forms as the user types and,
// through ZWorkspaceName, for the server.

export const WORKSPACE_NAME_MAX = 80;

/** Why a workspace name is unacceptable, or null. */
export function workspaceNameProblem(name: string): string | null {
  if (name.trim() === "") return "Name is required.";
  if (name !== name.trim()) return "Name cannot start or end with spaces.";
  if (name.length > WORKSPACE_NAME_MAX) return `Name must be at most ${WORKSPACE_NAME_MAX} characters.`;
  if (/[/\\]/.test(name)) return "Name cannot contain '/' or '\\'.";
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name)) return "Name cannot contain control or invisible characters.";
  if (/^\d+$/.test(name)) return "Name cannot be all digits (numbers address workspaces by id).";
  return null;
}
