"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { searchModelsAction, type PickerModel } from "@/app/experiments/actions";
import { fieldClass } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { modelKeys } from "@/lib/query/keys";
import { formatRelative } from "@/lib/format";

/** Debounced so typing "resnet" costs one request, not six. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * A searchable model picker (ARIA combobox with a listbox popup): type to filter,
 * arrow keys to move, Enter to choose, Escape to close the list. Lists unarchived
 * models, most recently updated first.
 */
export function ModelPicker({ id, value, onChange, invalid, describedBy }: {
  id: string;
  value: PickerModel | null;
  onChange: (model: PickerModel | null) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const listId = useId();
  const [text, setText] = useState(value?.name ?? "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // While a model is chosen the box shows its name; searching then starts from everything.
  const query = useDebounced(value && text === value.name ? "" : text.trim(), 200);
  const search = useQuery({
    queryKey: modelKeys.list({ scope: "picker", query }),
    queryFn: async () => {
      const r = await searchModelsAction({ query });
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    enabled: open,
    placeholderData: (prev) => prev,
  });
  const options = search.data ?? [];

  // Follow a new `value` and restart at the first option for a new query: adjusted while
  // rendering (React's pattern for state derived from a change), not in an effect.
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) { setShownValue(value); setText(value?.name ?? ""); }
  const [shownQuery, setShownQuery] = useState(query);
  if (query !== shownQuery) { setShownQuery(query); setActive(0); }

  function choose(m: PickerModel) {
    onChange(m);
    setText(m.name);
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const n = options.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open) return setOpen(true);
      if (n) setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === "Home" && open && n) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === "End" && open && n) {
      e.preventDefault();
      setActive(n - 1);
    } else if (e.key === "Enter" && open && options[active]) {
      e.preventDefault(); // choosing an option must not submit the form
      choose(options[active]);
    } else if (e.key === "Escape" && open) {
      setOpen(false); // the dialog sees aria-expanded="true" and stays open (see CheckpointModal)
    }
  }

  const activeId = open && options[active] ? `${listId}-${options[active].id}` : undefined;
  return (
    <div className="relative">
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder="Search models…"
        className={cn(fieldClass, "h-9")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (value) onChange(null);
        }}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Models"
        hidden={!open}
        className="absolute z-10 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
      >
        {options.map((m, i) => (
          <li
            key={m.id}
            id={`${listId}-${m.id}`}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: choosing must happen before the input's blur closes the list
            onMouseDown={(e) => {
              e.preventDefault();
              choose(m);
            }}
            onMouseMove={() => setActive(i)}
            className={cn("cursor-pointer px-3 py-1.5", i === active && "bg-indigo-50")}
          >
            <div className="flex items-baseline justify-between gap-3">
              <span className="truncate font-medium text-slate-900">{m.name}</span>
              <span className="shrink-0 text-xs text-slate-600">
                {m.numVersions} {m.numVersions === 1 ? "version" : "versions"}
              </span>
            </div>
            <div className="truncate text-xs text-slate-600">
              updated {formatRelative(new Date(m.lastUpdatedTime))}
              {m.description ? ` · ${m.description}` : ""}
            </div>
          </li>
        ))}
        {open && options.length === 0 && (
          <li role="presentation" className="px-3 py-2 text-slate-600">
            {search.isError
              ? "Could not load models; try again."
              : !search.data
                ? "Searching…"
                : query
                  ? `No unarchived model matches “${query}”.`
                  : "No unarchived models yet."}
          </li>
        )}
      </ul>
      <span role="status" aria-live="polite" className="sr-only">
        {open && search.data ? `${options.length} ${options.length === 1 ? "model" : "models"} found` : ""}
      </span>
    </div>
  );
}
