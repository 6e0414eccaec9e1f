/**
 * The client's address for rate limiting: the last hop of X-Forwarded-For, which
 * Next's own server appends from the socket (a client can forge earlier entries, not
 * the last one).
 */
export function clientAddress(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || headers.get("x-real-ip") || "unknown";
}
