import "server-only";
import { compareFiles, hashFolder, type FileDigest, type FileProblem } from "../../archive";
import { checkpointDir, checkpointFilesExist } from "../checkpoints/storage";

/**
 * Re-hashes a checkpoint's stored files and compares them with what was recorded:
 * every file missing, changed (size or SHA-256) or extra. A folder that is gone
 * counts every recorded file as missing.
 */
export async function checkStoredFiles(uuid: string, recorded: FileDigest[], onBytes?: (n: number) => void): Promise<FileProblem[]> {
  if (!(await checkpointFilesExist(uuid))) return recorded.map((f) => ({ path: f.path, problem: "missing" as const }));
  return compareFiles(recorded, await hashFolder(checkpointDir(uuid), onBytes));
}
