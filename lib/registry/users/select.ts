import "server-only";
import type { Prisma } from "../../db/client";

/** The one shape a user takes on the wire and in pages; never includes the password hash. */
export const userSelect = {
  id: true,
  username: true,
  displayName: true,
  admin: true,
  active: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type TUser = Prisma.UserGetPayload<{ select: typeof userSelect }>;
