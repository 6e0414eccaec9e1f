import "server-only";
import { translateDbError } from "./errors";

/**
 * Marks a function the registry exports that is not a write (reads, sign-in, token
 * checks): any database error it meets leaves the domain as a RegistryError
 * (UNAVAILABLE during an outage), as write() does for changes. Adapters then map
 * registry errors only.
 */
export function edge<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const wrapped = async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      translateDbError(err);
    }
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped;
}
