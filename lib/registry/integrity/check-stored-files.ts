import "server-only";
import { compareFiles, type FileDigest, type FileProblem } from "../../archive";
import { checkpointStorage } from "../storage/checkpoint-location";

/**
 * Re-hashes a checkpoint's stored files and compares them with what was recorded:
 * every file missing, changed (size or SHA-256) or extra. A folder that is gone
 * counts every recorded file as missing.
 */
export async function checkStoredFiles(uuid: string, recorded: FileDigest[], onBytes?: (n: number) => void): Promise<FileProblem[]> {
  const storage = await checkpointStorage(uuid);
  if (!(await storage.exists(uuid))) return recorded.map((f) => ({ path: f.path, problem: "missing" as const }));
  return compareFiles(recorded, await storage.hashFiles(uuid, onBytes));
}
