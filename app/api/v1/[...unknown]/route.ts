import { publicRoute } from "@/lib/http/route";
import { RegistryError } from "@/lib/registry";

export const dynamic = "force-dynamic";

// Determined's clients parse every reply as JSON; an unknown path under /api/v1 must
// answer in the contract's error shape, not with the HTML 404 page.
const notFound = publicRoute<{ unknown: string[] }>(({ req }) => {
  throw new RegistryError("NOT_FOUND", `No such endpoint: ${req.method} ${new URL(req.url).pathname}.`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
