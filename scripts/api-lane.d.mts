import type { IncomingMessage, ServerResponse } from "node:http";

export type ApiRoute = { page: string; segments: { kind: 0 | 1 | 2; name?: string; text?: string }[]; file: string };
export function loadApiRoutes(distDir: string): ApiRoute[] | null;
export function match(routes: ApiRoute[], parts: string[]): { route: ApiRoute; params: Record<string, string | string[]> } | null;
export function apiLane(distDir: string, log?: (line: string) => void): ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) | null;
