// Typed React Query keys, one factory per aggregate: invalidate by prefix after mutations.
export const modelKeys = {
  all: ["models"] as const,
  lists: () => [...modelKeys.all, "list"] as const,
  list: (params: Record<string, unknown>) => [...modelKeys.lists(), params] as const,
  detail: (ref: string | number) => [...modelKeys.all, "detail", String(ref)] as const,
};

export const storageKeys = {
  all: ["storage"] as const,
  verification: () => [...storageKeys.all, "verification"] as const,
};

export const compareKeys = {
  all: ["compare"] as const,
  /** One paged list of one comparison; `first` (the first page's cursor) ties it to the data the page was rendered from. */
  section: (params: { modelId: number; versions: number[]; flip: string[]; only: boolean; section: string; version?: number; first: string | null }) =>
    [...compareKeys.all, "section", params] as const,
};
