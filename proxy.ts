import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "./lib/auth/session-cookie";
import { nestingDepth } from "./lib/json/nesting-depth";
import { limits } from "./lib/schemas/limits";

// Metadata may nest limits.metadataDepth levels; the action's own arguments add a few.
const MAX_ACTION_NESTING = limits.metadataDepth + 16;

/**
 * The optimistic half of the page guard: no session cookie, straight to the sign-in
 * page. The real check (is the session valid, what may this user do) happens on the
 * server in the layout (requireSignedIn) and in the domain for every change.
 * Passes the path on so the layout can send people back where they were going.
 */
export async function proxy(req: NextRequest) {
  if (req.method === "POST" && req.headers.has("next-action")) {
    // Next buffers the body for the proxy, so reading it here leaves it intact for the action.
    const depth = nestingDepth(await req.clone().text(), MAX_ACTION_NESTING);
    if (depth > MAX_ACTION_NESTING) {
      return new NextResponse(`The request is nested deeper than ${MAX_ACTION_NESTING} levels (metadata may nest at most ${limits.metadataDepth}).`, { status: 400 });
    }
  }
  const path = req.nextUrl.pathname + req.nextUrl.search;
  if (req.nextUrl.pathname === "/sign-in") {
    const headers = new Headers(req.headers);
    headers.delete("x-mreg-path"); // the layout reads its absence as "this is the sign-in page"
    return NextResponse.next({ request: { headers } });
  }
  if (!req.cookies.get(SESSION_COOKIE)?.value) {
    const url = new URL("/sign-in", req.url);
    url.searchParams.set("next", path);
    return NextResponse.redirect(url);
  }
  const headers = new Headers(req.headers);
  headers.set("x-mreg-path", path);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: REST (bearer tokens), checkpoint transfer, the deny-all S3 stand-in
  // (app/s3), /info and static files are not pages.
  matcher: ["/((?!api/|checkpoints/|s3/|s3$|info$|_next/|favicon\\.ico$|.*\\.[a-zA-Z0-9]+$).*)"],
};
