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
