// "name@alias" and "name@7" wherever mreg takes a version (the same rule as the web UI's
// /models/{name}@{alias}): a model literally named "name@alias" wins, since model names
// may contain "@"; otherwise the text splits on its last "@".
import { splitVersionRef } from "../../lib/schemas/alias-name";
import { modelPath } from "./api";
import type { ApiClient } from "./client";
import { CliError } from "./errors";

/** A version as a path segment: its number, or "@alias" (resolved by the server: versions/@production). */
export type VersionRef = { model: string; version?: string; label: string };

const segment = (ref: string) => (/^\d+$/.test(ref) ? ref : `@${ref}`);

/**
 * What `text` (and an optional --version, a number or an alias) addresses: a model, or
 * one of its versions. Costs one extra request only when `text` has an "@" and no
 * --version: to learn whether a model has that exact name.
 */
export async function versionRef(client: ApiClient, text: string, version?: string): Promise<VersionRef> {
  if (version !== undefined) return { model: text, version: segment(version), label: `version ${version} of "${text}"` };
  const split = splitVersionRef(text);
  if (!split) return { model: text, label: `"${text}"` };
  const exact = await client.json("GET", modelPath(text)).then(() => true, (e: CliError) => {
    if (e.status === 404) return false;
    throw e;
  });
  if (exact) return { model: text, label: `"${text}"` };
  return { model: split.model, version: segment(split.ref), label: `${text}` };
}

/** As versionRef, for commands that need a version: a plain model name is an error. */
export async function requireVersion(client: ApiClient, text: string, version?: string): Promise<Required<VersionRef>> {
  const ref = await versionRef(client, text, version);
  if (ref.version === undefined) {
    throw new CliError(`"${text}" names a model, not a version: add @<alias> or @<number> (e.g. ${text}@production), or --version.`);
  }
  return ref as Required<VersionRef>;
}

export const versionPath = (ref: Required<VersionRef>) => `${modelPath(ref.model)}/versions/${encodeURIComponent(ref.version)}`;
