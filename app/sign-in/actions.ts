"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { RegistryError, login, logout } from "@/lib/registry";
import { clientAddress } from "@/lib/auth/client-address";
import { safeNext } from "@/lib/auth/safe-next";
import { SESSION_COOKIE, isHttps, sessionCookieOptions } from "@/lib/auth/session-cookie";

export type SignInState = { message: string | null; username: string };

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const username = String(form.get("username") ?? "").trim();
  const password = String(form.get("password") ?? "");
  const h = await headers();
  let session: Awaited<ReturnType<typeof login>>;
  try {
    session = await login({ username, password }, { address: clientAddress(h), kind: "SESSION" });
  } catch (err) {
    if (err instanceof RegistryError && ["UNAUTHENTICATED", "RATE_LIMITED", "INVALID"].includes(err.code)) {
      // One message for unknown user and wrong password alike.
      return { message: err.code === "INVALID" ? "Enter your username and password." : err.message, username };
    }
    console.error("[sign-in] unexpected error", err);
    return { message: "Signing in failed on the server; try again.", username };
  }
  (await cookies()).set(SESSION_COOKIE, session.token, sessionCookieOptions(isHttps(h), session.expiresAt));
  redirect(safeNext(form.get("next")));
}

/** Ends this session on the server (the token row is deleted), not only in the browser. */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await logout(token);
  jar.delete(SESSION_COOKIE);
  redirect("/sign-in");
}
