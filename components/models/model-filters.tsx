"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { PAGE_SIZES, listHref, parseListParams, type ModelListParams } from "@/lib/url/model-list-params";

const DEBOUNCE_MS = 300;

/** A text filter that writes to the URL after typing pauses, and follows the URL on back/forward. */
function useUrlText(urlValue: string, commit: (v: string) => void) {
  const [value, setValue] = useState(urlValue);
  const pushed = useRef(urlValue);
  useEffect(() => {
    if (urlValue !== pushed.current) { pushed.current = urlValue; setValue(urlValue); }
  }, [urlValue]);
  useEffect(() => {
    if (value === pushed.current) return;
    const t = setTimeout(() => { pushed.current = value; commit(value); }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [value, commit]);
  return [value, setValue] as const;
}

export function ModelFilters({ labels, aliases = [], workspaces = [] }: { labels: string[]; aliases?: string[]; workspaces?: string[] }) {
  const router = useRouter();
  const search = useSearchParams();
  const params = parseListParams(Object.fromEntries(search.entries()));
  // Read the latest URL at commit time, not the one captured when typing started.
  const latest = useRef(params);
  useEffect(() => { latest.current = params; });
  // Stable (the router is), so a debounce in progress is not restarted by a re-render.
  const go = useCallback((patch: Partial<ModelListParams>) => {
    router.push(listHref(latest.current, { ...patch, page: 1 }), { scroll: false });
  }, [router]);
  const commitName = useCallback((v: string) => go({ name: v }), [go]);
  const commitDescription = useCallback((v: string) => go({ description: v }), [go]);
  const [name, setName] = useUrlText(params.name, commitName);
  const [description, setDescription] = useUrlText(params.description, commitDescription);

  return (
    <form role="search" aria-label="Filter models" onSubmit={(e) => e.preventDefault()} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_10rem_10rem_auto]">
      <div className="space-y-1">
        <Label htmlFor="filter-name">Name contains</Label>
        <Input id="filter-name" type="search" value={name} onChange={(e) => setName(e.target.value)} placeholder="Filter by name" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-description">Description contains</Label>
        <Input id="filter-description" type="search" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Filter by description" />
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-label">Label</Label>
        <Select id="filter-label" value={params.label} onChange={(e) => go({ label: e.target.value })}>
          <option value="">Any label</option>
          {params.label && !labels.includes(params.label) ? <option value={params.label}>{params.label}</option> : null}
          {labels.map((l) => <option key={l} value={l}>{l}</option>)}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-alias">Alias</Label>
        <Select id="filter-alias" value={params.alias} onChange={(e) => go({ alias: e.target.value })}>
          <option value="">Any or none</option>
          {params.alias && !aliases.includes(params.alias) ? <option value={params.alias}>{params.alias}</option> : null}
          {aliases.map((a) => <option key={a} value={a}>has {a}</option>)}
        </Select>
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-workspace">Workspace</Label>
        <Select id="filter-workspace" value={params.workspace} onChange={(e) => go({ workspace: e.target.value })}>
          <option value="">All workspaces</option>
          {params.workspace && !workspaces.includes(params.workspace) ? <option value={params.workspace}>{params.workspace}</option> : null}
          {workspaces.map((w) => <option key={w} value={w}>{w}</option>)}
        </Select>
      </div>
      <div className="flex items-center gap-2 self-end pb-2">
        <Switch id="filter-archived" checked={params.archived} onCheckedChange={(v) => go({ archived: v })} />
        <Label htmlFor="filter-archived">Show archived</Label>
      </div>
    </form>
  );
}

export function PageSizeSelect() {
  const router = useRouter();
  const search = useSearchParams();
  const params = parseListParams(Object.fromEntries(search.entries()));
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor="page-size" className="font-normal whitespace-nowrap">Rows per page</Label>
      <Select id="page-size" className="w-20" value={params.size} onChange={(e) => router.push(listHref(params, { size: Number(e.target.value), page: 1 }), { scroll: false })}>
        {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
      </Select>
    </div>
  );
}
