"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { signInAction, type SignInState } from "./actions";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { message: null, username: "" });
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <Field id="username" label="Username">
        <Input id="username" name="username" autoComplete="username" defaultValue={state.username} required autoFocus />
      </Field>
      <Field id="password" label="Password">
        <Input id="password" name="password" type="password" autoComplete="current-password" />
      </Field>
      {state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <Button type="submit" disabled={pending} className="w-full justify-center">{pending ? "Signing in…" : "Sign in"}</Button>
    </form>
  );
}
