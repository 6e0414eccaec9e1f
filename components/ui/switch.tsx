"use client";

import { Switch as S } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Switch({ className, ...props }: ComponentProps<typeof S.Root>) {
  return (
    <S.Root
      className={cn("relative inline-flex h-5 w-9 shrink-0 rounded-full bg-slate-300 transition-colors data-[state=checked]:bg-indigo-600", className)}
      {...props}
    >
      <S.Thumb className="block h-4 w-4 translate-x-0.5 translate-y-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-[1.125rem]" />
    </S.Root>
  );
}
