// Decoders for PostgreSQL's binary array format (what `array_send(anyarray)` returns as
// bytea; the same bytes the wire protocol uses for arrays in binary mode). A large
// numeric series crosses from PostgreSQL as one bytea this way: float8's text output
// (shortest round-trip digits) for 100,000 values cost more than reading them
// (docs/decisions/079-version-metrics-table.md).
//
// Layout (src/backend/utils/adt/arrayfuncs.c, array_send): int32 ndim, int32 has-nulls
// flag, oid element type, then per dimension int32 length and int32 lower bound, then
// per element int32 byte length (-1 for NULL) and the element's own binary form
// (big-endian). Only one-dimensional arrays without NULLs are accepted here.

const INT4_OID = 23;
const FLOAT8_OID = 701;

function elements(bytes: Uint8Array | null | undefined, oid: number, size: number, read: (view: DataView, at: number) => number): number[] {
  if (!bytes || bytes.byteLength === 0) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ndim = view.getInt32(0);
  if (ndim === 0) return [];
  if (ndim !== 1 || view.getInt32(4) !== 0 || view.getUint32(8) !== oid) {
    throw new Error(`expected a one-dimensional array of type ${oid} without NULLs (ndim ${ndim}, type ${view.getUint32(8)})`);
  }
  const n = view.getInt32(12);
  if (bytes.byteLength !== 20 + n * (4 + size)) throw new Error(`array of ${n} elements has ${bytes.byteLength} bytes`);
  const out = new Array<number>(n);
  for (let i = 0, at = 20; i < n; i++, at += 4 + size) out[i] = read(view, at + 4);
  return out;
}

/** An `int4[]` from `array_send`; NULL or empty is []. */
export const decodeInt4Array = (bytes: Uint8Array | null | undefined) => elements(bytes, INT4_OID, 4, (v, at) => v.getInt32(at));

/** A `float8[]` from `array_send`; NULL or empty is []. */
export const decodeFloat8Array = (bytes: Uint8Array | null | undefined) => elements(bytes, FLOAT8_OID, 8, (v, at) => v.getFloat64(at));
