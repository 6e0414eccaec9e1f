import type { FileHandle } from "node:fs/promises";
import zlib from "node:zlib";

/** zlib levels the packer switches between: stored blocks, or fast deflate. */
export const STORE = 0;
export const COMPRESS = 1;

const SAMPLES = 8;
const SAMPLE_BYTES = 32 * 1024;
// A sample that deflate cannot shrink below this share of its size counts as
// incompressible. Trained weights (float16/bfloat16/float32) land at 0.9-1.0;
// text, JSON, YAML and zero-filled buffers far below.
const INCOMPRESSIBLE_RATIO = 0.9;

/**
 * The deflate level for one file of `size` bytes: STORE when sampling says the
 * content does not compress, COMPRESS otherwise. Deflating incompressible data
 * at level 1 still runs at ~50 MB/s per core and saves nothing; stored blocks
 * run at memory speed, and the archive stays an ordinary .tar.gz for every reader.
 *
 * Eight samples spread over the file, judged by their median, so a small
 * compressible header (safetensors' JSON, a pickle preamble) does not decide
 * for gigabytes of weights behind it. Small files are always compressed: it
 * costs next to nothing and configs are the ones that shrink.
 */
export async function chooseDeflateLevel(file: FileHandle, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(SAMPLE_BYTES);
  return chooseDeflateLevelFrom(async (at, length) => {
    const { bytesRead } = await file.read(buf, 0, length, at);
    return buf.subarray(0, bytesRead);
  }, size);
}

/** chooseDeflateLevel over any random-access reader (a file in object storage: ranged GETs). */
export async function chooseDeflateLevelFrom(readAt: (at: number, length: number) => Promise<Buffer>, size: number): Promise<number> {
  if (size <= SAMPLES * SAMPLE_BYTES) return COMPRESS;
  const ratios: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const at = Math.floor(((size - SAMPLE_BYTES) * i) / (SAMPLES - 1));
    const sample = await readAt(at, SAMPLE_BYTES);
    if (sample.length === 0) break;
    ratios.push(zlib.deflateRawSync(sample, { level: COMPRESS }).length / sample.length);
  }
  if (!ratios.length) return COMPRESS;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)] > INCOMPRESSIBLE_RATIO ? STORE : COMPRESS;
}
