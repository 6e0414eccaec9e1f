import { z } from "zod";

export const ZLogin = z.object({
  username: z.string({ error: "Username is required." }).min(1, "Username is required.").max(255),
  password: z.string({ error: "Password must be a string." }).max(1024).default(""),
  /** true: `password` is hex SHA-512 of the salt `GubPEmmotfiK9TMD6Zdw` + the plain password (Determined's clients). */
  isHashed: z.boolean({ error: "isHashed must be true or false." }).default(false),
});
export type TLogin = z.input<typeof ZLogin>;
