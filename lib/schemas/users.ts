import { z } from "zod";

export const ZUsername = z.string({ error: "Username is required." })
  .min(1, "Username is required.").max(64, "Username must be at most 64 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Username may contain letters, digits, '.', '_' and '-', and starts with a letter or digit.");

export const ZNewPassword = z.string({ error: "Password must be a string." }).max(1024, "Password must be at most 1024 characters.");

export const ZCreateUser = z.object({
  username: ZUsername,
  displayName: z.string().max(255, "Display name must be at most 255 characters.").default(""),
  password: ZNewPassword,
  admin: z.boolean().default(false),
});
export type TCreateUser = z.input<typeof ZCreateUser>;

export const ZResetPassword = z.object({ username: ZUsername, password: ZNewPassword });
export type TResetPassword = z.input<typeof ZResetPassword>;

export const ZCreateApiToken = z.object({
  username: ZUsername,
  name: z.string({ error: "Token name is required." }).trim().min(1, "Token name is required.").max(100, "Token name must be at most 100 characters."),
  days: z.coerce.number({ error: "Lifetime must be a number of days." }).int("Lifetime must be a whole number of days.")
    .min(1, "Lifetime is at least 1 day.").max(366, "Lifetime is at most 366 days.").default(90),
});
export type TCreateApiToken = z.input<typeof ZCreateApiToken>;
