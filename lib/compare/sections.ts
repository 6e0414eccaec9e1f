// The lists of a comparison that come in pages (decision 140). No imports, so the
// schemas, the compare page's client code and the CLI can all read them.

/** `*Changes` are per compared version (a `version` names whose). */
export const COMPARE_SECTIONS = ["hyperparameters", "metadata", "checkpointMetadata", "files", "hyperparameterChanges", "metadataChanges"] as const;
export type CompareSection = (typeof COMPARE_SECTIONS)[number];
export const CHANGE_SECTIONS: readonly CompareSection[] = ["hyperparameterChanges", "metadataChanges"];

/** Rows per section and page unless the caller asks for fewer or more. */
export const COMPARE_PAGE_DEFAULT = 2000;
export const COMPARE_PAGE_MAX = 10_000;

/**
 * How far a section is sent: `total` rows in the list (after "only differences"), `all`
 * rows before that filter, `returned` in this reply; `next` is null on its last page.
 */
export type SectionPage = { total: number; all: number; returned: number; next: string | null };
