import "server-only";
import type { Actor } from "@/lib/registry";

/**
 * The user behind the current request, for server actions. Until sessions exist
 * this is `undefined`, which the domain reads as the default user. Every server
 * action goes through here so adding sessions is a change in one place.
 */
export async function currentActor(): Promise<Actor | undefined> {
  return undefined;
}
