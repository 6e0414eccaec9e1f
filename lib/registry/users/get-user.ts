import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { notFound } from "../errors";
import { userSelect, type TUser } from "./select";

export const getUser = edge(async function getUser(id: number): Promise<TUser> {
  const user = await db().user.findUnique({ where: { id }, select: userSelect });
  if (!user) throw notFound(`User ${id}`);
  return user;
});
