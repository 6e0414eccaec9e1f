import { openApiDocument } from "@/lib/http/openapi/document";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = publicRoute(() => openApiDocument());
