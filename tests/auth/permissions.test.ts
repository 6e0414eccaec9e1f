import { describe, expect, it } from "vitest";
import { moveDestinations, permissionsFrom } from "../../lib/auth/permissions";

describe("which controls a page shows", () => {
  it("follows the role in each workspace: viewers read, editors edit and move, admins also delete anything", () => {
    const can = permissionsFrom({ admin: false, roles: { research: "VIEWER", prod: "EDITOR", ops: "ADMIN" }, userId: 7 });
    const none = { aliases: false, protectedAliases: false };
    expect(can("research")).toEqual({ create: false, edit: false, delete: false, move: false, ...none });
    expect(can("prod")).toEqual({ create: true, edit: true, delete: false, move: true, aliases: true, protectedAliases: false });
    expect(can("ops")).toEqual({ create: true, edit: true, delete: true, move: true, aliases: true, protectedAliases: true });
    expect(can("elsewhere")).toEqual({ create: false, edit: false, delete: false, move: false, ...none });
  });

  it("shows Delete on what the user created (with edit rights there), as the domain's delete rule allows", () => {
    const can = permissionsFrom({ admin: false, roles: { research: "VIEWER", prod: "EDITOR" }, userId: 7 });
    expect(can("prod", { kind: "model", modelCreatorId: 7 }).delete).toBe(true);
    expect(can("prod", { kind: "model", modelCreatorId: 8 }).delete).toBe(false);
    expect(can("research", { kind: "model", modelCreatorId: 7 }).delete).toBe(false);
    expect(can("prod", { kind: "version", versionCreatorId: 7, modelCreatorId: 8 }).delete).toBe(true);
    expect(can("prod", { kind: "version", versionCreatorId: 8, modelCreatorId: 7 }).delete).toBe(true);
    expect(can("prod", { kind: "version", versionCreatorId: 8, modelCreatorId: 9 }).delete).toBe(false);
  });

  it("global administrators may do everything everywhere", () => {
    expect(permissionsFrom({ admin: true, roles: {} })("anything", { kind: "model", modelCreatorId: 3 }))
      .toEqual({ create: true, edit: true, delete: true, move: true, aliases: true, protectedAliases: true });
  });

  it("offers as move destinations the workspaces the user may edit in", () => {
    const roles = { research: "VIEWER", prod: "EDITOR", ops: "ADMIN" } as const;
    expect(moveDestinations({ admin: false, roles }, ["ops", "prod", "research", "x"])).toEqual(["ops", "prod"]);
    expect(moveDestinations({ admin: true, roles: {} }, ["a", "b"])).toEqual(["a", "b"]);
  });
});
