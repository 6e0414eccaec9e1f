"use client";

import { useState, useSyncExternalStore } from "react";
import type { ModelRowMenu, RowMenuProps } from "./model-row-menu";
import { RowMenuButton } from "./row-menu-button";

// The Radix dropdown menu (menu, popper, focus scope, roving focus: ~35 KB gzip) was
// most of the Model Registry page's own first-load JavaScript, for a menu nobody has
// opened yet. Rows show a plain button until the menu code is wanted: the first pointer
// over, or focus on, any row's button loads it once, and then every row swaps in the
// real menu. Loading waits for that intent on purpose; fetching it right after
// hydration would still be first-load JavaScript, just uncounted.
let RowMenu: typeof ModelRowMenu | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function loadRowMenu() {
  loading ??= import("./model-row-menu").then((m) => {
    RowMenu = m.ModelRowMenu;
    for (const l of listeners) l();
  });
  return loading;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function LazyModelRowMenu(props: RowMenuProps) {
  const loaded = useSyncExternalStore(subscribe, () => RowMenu !== null, () => false);
  const [clicked, setClicked] = useState(false);
  const [focused, setFocused] = useState(false);
  if (!props.can.edit && !props.can.delete) return null;
  if (loaded && RowMenu) return <RowMenu {...props} defaultOpen={clicked} focusTrigger={focused} />;
  return (
    <RowMenuButton
      modelName={props.model.name}
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={() => void loadRowMenu()}
      onFocus={() => { setFocused(true); void loadRowMenu(); }}
      onBlur={() => setFocused(false)}
      // A press before the code arrived opens the menu once it has. Pointer down, as
      // Radix's trigger does, so a swap between press and release still opens it;
      // click covers Enter and Space.
      onPointerDown={(e) => { if (e.button === 0 && !e.ctrlKey) { setClicked(true); void loadRowMenu(); } }}
      onClick={() => { setClicked(true); void loadRowMenu(); }}
    />
  );
}
