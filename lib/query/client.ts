import { QueryClient, isServer } from "@tanstack/react-query";

let browserClient: QueryClient | undefined;

/**
 * One QueryClient per browser tab, shared by every <Providers> subtree and by mutations
 * that invalidate from outside one (the New model dialog on `/` has no provider above it:
 * keeping React Query out of the root layout keeps it out of every page's first load).
 * On the server a fresh client per call, so no cache is shared between requests.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}

function makeQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false } } });
}
