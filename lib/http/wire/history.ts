import type { HistoryPage, THistoryEvent } from "../../registry";

/** One history event on the wire: timestamps RFC 3339, ids as strings (int64). */
export function wireHistoryEvent(e: THistoryEvent) {
  return {
    id: e.id,
    time: e.at.toISOString(),
    user: { id: e.userId, username: e.username },
    objectType: e.objectType,
    objectId: e.objectId,
    objectKey: e.objectKey,
    action: e.action,
    changes: e.changes,
    summary: e.summary,
  };
}

export function wireHistoryPage(page: HistoryPage) {
  return {
    events: page.events.map(wireHistoryEvent),
    pagination: {
      offset: page.offset,
      limit: page.limit,
      startIndex: page.offset,
      endIndex: Math.min(page.offset + page.events.length, page.total),
      total: page.total,
    },
  };
}
