import type { Readable } from "node:stream";

/**
 * A web ReadableStream that pulls from a Node stream one chunk at a time, so a
 * slow client slows the tar+gzip producer instead of letting it fill memory.
 * Chunks are handed over as views, not copies: the producer allocates a fresh
 * buffer per chunk and never writes to one it has emitted.
 * Cancelling (the client went away) destroys the source.
 */
export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) return controller.close();
        const chunk = value as Buffer;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      source.destroy();
    },
  }, { highWaterMark: 0 });
}
