import Link from "next/link";
import type { ReactNode } from "react";
import { formatBytes } from "@/lib/format";
import type { TVersionComparison } from "@/lib/registry";
import { compareHref, toggleFlip, type CompareParams } from "@/lib/url/compare-params";
import { Absent, Cell, Row, StatusTag, VersionTable, showJson } from "./cells";
import { PagedTable, type PagedRequest } from "./paged-table";

const signed = (n: number, digits = 4) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Number(Math.abs(n).toPrecision(digits))}`;
const fmt = (n: number) => Number(n.toPrecision(6)).toString();

function Section({ id, title, children, empty }: { id: string; title: string; children: ReactNode; empty?: string | null }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-lg font-semibold">{title}</h2>
      {empty ? <p className="text-sm text-slate-600">{empty}</p> : children}
    </section>
  );
}

/** The compare page's body: every section, one column per version, the first as baseline. */
export function CompareView({ c, params, limit }: { c: TVersionComparison; params: CompareParams; limit: number }) {
  const only = params.only;
  const request: PagedRequest = { modelId: c.model.id, versions: c.versions.map((v) => v.version), flip: params.flip, only, limit };
  const base = c.versions[0].version;
  const heads = c.versions.map((v, i) => (
    <span key={v.version}>
      <Link className="link" href={`/models/${encodeURIComponent(c.model.name)}/versions/${v.version}`}>Version {v.version}</Link>
      {i === 0 ? <span className="ml-1 font-normal text-slate-600">(baseline)</span> : null}
    </span>
  ));
  const none = (what: string, all: { differs: boolean }[]) =>
    all.length === 0 ? `No ${what}.` : only && !all.some((r) => r.differs) ? `No differences in ${what}.` : null;
  // The paged lists come filtered by the server (c.only): `all` counts rows before that.
  const nonePaged = (what: string, p: { total: number; all: number }) => (p.all === 0 ? `No ${what}.` : p.total === 0 ? `No differences in ${what}.` : null);
  const fields = only ? c.fields.filter((f) => f.differs) : c.fields;
  const metrics = only ? c.metrics.filter((m) => m.differs) : c.metrics;
  const notesDiffer = c.notes.some((n) => !n.identical);

  return (
    <div className="space-y-8">
      <Section id="cmp-fields" title="Version" empty={none("version fields", c.fields)}>
        <VersionTable caption="Version fields side by side" heads={heads}>
          {fields.map((f) => (
            <Row key={f.field} head={f.label} differs={f.differs}>
              {f.values.map((v, i) => (
                <Cell key={i}>
                  {v === "" ? <span className="text-slate-500">—</span> : v}
                  {i > 0 && v !== f.values[0] ? <StatusTag status="changed" /> : null}
                </Cell>
              ))}
            </Row>
          ))}
        </VersionTable>
      </Section>

      <Section id="cmp-metrics" title="Checkpoint metrics" empty={none("checkpoint metrics", c.metrics)}>
        <p className="text-xs text-slate-600">Change is against version {base}. Better or worse follows each metric&apos;s direction (from the experiment&apos;s setting or the metric&apos;s name); flip it where it is wrong.</p>
        <VersionTable caption={`Checkpoint metrics, change against version ${base}`} heads={heads} first="Metric">
          {metrics.map((m) => {
            const flipHref = compareHref(c.model.name, toggleFlip(params, m.name));
            return (
              <Row key={`${m.group}:${m.name}`} differs={m.differs} head={
                <span className="flex flex-col gap-0.5">
                  <span>{m.group === "training" ? <span className="text-slate-600">training · </span> : null}{m.name}</span>
                  <span className="text-xs font-normal text-slate-600">
                    {m.direction ? `${m.direction === "lower" ? "lower" : "higher"} is better${m.directionFrom === "flipped" ? " (flipped)" : m.directionFrom === "experiment" ? " (experiment)" : ""}` : "direction unknown"}
                    {m.direction ? (
                      <> · <Link className="link" scroll={false} href={flipHref} aria-label={`Flip the direction of ${m.name}: make ${m.direction === "lower" ? "higher" : "lower"} better`}>flip</Link></>
                    ) : null}
                  </span>
                </span>
              }>
                {m.cells.map((x, i) => (
                  <Cell key={i} className="tabular-nums">
                    {x.value !== null ? fmt(x.value) : x.raw === null ? <Absent /> : <code className="text-xs">{showJson(x.raw)}</code>}
                    {i > 0 && x.abs !== null && x.verdict !== "same" ? (
                      <span className="block text-xs text-slate-700">
                        {signed(x.abs)}{x.pct !== null ? ` (${signed(x.pct, 3)}%)` : ""}
                        {x.verdict === "better" ? <span className="ml-1 font-semibold text-emerald-800"><span aria-hidden="true">▲</span> better</span> : null}
                        {x.verdict === "worse" ? <span className="ml-1 font-semibold text-red-800"><span aria-hidden="true">▼</span> worse</span> : null}
                      </span>
                    ) : null}
                    {i > 0 && x.verdict === "same" ? <span className="block text-xs text-slate-600">no change</span> : null}
                  </Cell>
                ))}
              </Row>
            );
          })}
        </VersionTable>
      </Section>

      <Section id="cmp-hparams" title="Hyperparameters" empty={nonePaged("hyperparameters", c.pages.hyperparameters)}>
        <PagedTable section="hyperparameters" caption="Hyperparameters, path by path" rows={c.hyperparameters} page={c.pages.hyperparameters} request={request} heads={heads} />
      </Section>

      <Section id="cmp-metadata" title="Version metadata" empty={c.metadata.identicalKeys.length && !c.metadata.rows.length ? null : nonePaged("version metadata", c.pages.metadata)}>
        {c.metadata.rows.length ? <PagedTable section="metadata" caption="Version metadata, path by path" rows={c.metadata.rows} page={c.pages.metadata} request={request} heads={heads} /> : null}
        {c.metadata.identicalKeys.length ? (
          <p className="text-xs text-slate-600">
            Identical in every version, not listed: {c.metadata.identicalKeys.map((k) => `${k.key} (${formatBytes(k.bytes)})`).join(", ")}.
          </p>
        ) : null}
      </Section>

      <Section id="cmp-ckpt-metadata" title="Checkpoint metadata" empty={nonePaged("checkpoint metadata", c.pages.checkpointMetadata)}>
        <PagedTable section="checkpointMetadata" caption="Checkpoint metadata, path by path" rows={c.checkpointMetadata} page={c.pages.checkpointMetadata} request={request} heads={heads} />
      </Section>

      <Section id="cmp-notes" title="Notes" empty={!notesDiffer ? (c.versions[0].notes ? "The notes are the same in every version." : "No version has notes.") : null}>
        {c.notes.slice(1).filter((n) => !only || !n.identical).map((n) => (
          <div key={n.version} className="rounded-lg border border-slate-200 bg-white p-3">
            <h3 className="mb-1 text-sm font-semibold">Version {n.version} against version {base}</h3>
            {n.identical ? <p className="text-sm text-slate-600">Same notes.</p> : (
              <pre className="font-mono text-xs break-words whitespace-pre-wrap">
                {n.parts!.map((p, i) => p.kind === "added"
                  ? <ins key={i} className="bg-emerald-100 text-emerald-900 underline">{p.text}</ins>
                  : p.kind === "removed"
                    ? <del key={i} className="bg-red-100 text-red-900 line-through">{p.text}</del>
                    : <span key={i}>{p.text}</span>)}
              </pre>
            )}
          </div>
        ))}
        <p className="text-xs text-slate-600">Added text is underlined, removed text struck through.</p>
      </Section>

      <Section id="cmp-files" title="Files" empty={nonePaged("files", c.pages.files)}>
        <PagedTable section="files" caption="Checkpoint files side by side" rows={c.files} page={c.pages.files} request={request} heads={heads} />
      </Section>
    </div>
  );
}
