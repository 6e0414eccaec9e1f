"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { getQueryClient } from "@/lib/query/client";

/**
 * React Query for the subtree that queries (the checkpoint modal's model picker). Placed
 * there rather than in the root layout so pages that never query do not load it; every
 * provider in a tab shares one client, so the cache survives navigation as before.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(getQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
