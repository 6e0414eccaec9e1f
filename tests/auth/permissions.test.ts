import { describe, expect, it } from "vitest";
import { permissionsFrom } from "../../lib/auth/permissions";

describe("which controls a page shows", () => {
  it("follows the role in each workspace: viewers read, editors edit, admins also delete", () => {
    const can = permissionsFrom({ admin: false, roles: { research: "VIEWER", prod: "EDITOR", ops: "ADMIN" } });
    const none = { aliases: false, protectedAliases: false };
    expect(can("research")).toEqual({ create: false, edit: false, delete: false, ...none });
    expect(can("prod")).toEqual({ create: true, edit: true, delete: false, aliases: true, protectedAliases: false });
    expect(can("ops")).toEqual({ create: true, edit: true, delete: true, aliases: true, protectedAliases: true });
    expect(can("elsewhere")).toEqual({ create: false, edit: false, delete: false, ...none });
  });

  it("global administrators may do everything everywhere", () => {
    expect(permissionsFrom({ admin: true, roles: {} })("anything")).toEqual({ create: true, edit: true, delete: true, aliases: true, protectedAliases: true });
  });
});
