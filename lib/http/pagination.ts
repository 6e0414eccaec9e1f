import { limits } from "../schemas/limits";
import type { TApiPagination } from "../schemas/api";
import { RegistryError } from "../registry/errors";

type Fetch<T> = (offset: number, limit: number) => Promise<{ items: T[]; total: number }>;

/**
 * Determined's paging rules over a domain list: `limit` 0 or absent means no limit
 * (a larger explicit limit is capped at limits.pageSizeMax; clients page until endIndex >= total),
 * a negative `offset` counts from the end, and an offset outside 0..total is a 400.
 */
export async function paginate<T>(
  q: { offset?: number; limit?: number },
  fetch: Fetch<T>,
): Promise<{ items: T[]; pagination: TApiPagination }> {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 0;
  const take = limit === 0 ? 0 : Math.min(limit, limits.pageSizeMax);
  let start = offset;
  if (offset < 0) {
    // The total decides where "from the end" starts; ask for it with a one-row page.
    const { total } = await fetch(0, 1);
    start = total + offset;
    if (start < 0) throw outOfRange(offset, total);
  }
  const page = await fetch(start, take);
  if (start > page.total) throw outOfRange(offset, page.total);
  const endIndex = start + page.items.length;
  return { items: page.items, pagination: { offset, limit, startIndex: start, endIndex, total: page.total } };
}

const outOfRange = (offset: number, total: number) =>
  new RegistryError("INVALID", `offset ${offset} is out of range: there are ${total} items (use 0..${total}, or -${total}..-1 from the end).`);
