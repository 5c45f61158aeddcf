import {
  BUILTIN_ROLE_DEFAULTS,
  type ContactDto,
  type CreatedInvitationDto,
  type Role,
  type RolePermissions,
  type TeamDto,
} from "@rapport/core";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";
import { sessionApi } from "./session-api.ts";

const salesRep = BUILTIN_ROLE_DEFAULTS.sales_rep.permissions;
/** A sales rep who sees only the records they own (or that are shared with them). */
const ownOnly: RolePermissions = {
  ...salesRep,
  objects: Object.fromEntries(
    Object.entries(salesRep.objects).map(([o, p]) => [o, { ...p, visibility: "own" }]),
  ) as RolePermissions["objects"],
};

describe("Teams and sharing", () => {
  const env = useServerAndBrowser();

  /** Invites a member with `role` and signs them in on a fresh page of their own. */
  async function join(admin: Page, role: Role, name: string, viewport?: typeof PHONE) {
    const user = uniqueUser(name.split(" ")[0]!.toLowerCase());
    const invite = await sessionApi<CreatedInvitationDto>(admin, "POST", "/invitations", {
      email: user.email,
      role,
    });
    expect(invite.status).toBe(201);
    const page = await env.page(viewport ? { viewport } : undefined);
    const accepted = await page.request.post("/api/v1/invitations/accept", {
      data: { token: invite.body.token, name, password: user.password },
    });
    expect(accepted.status()).toBe(200);
    const id = ((await accepted.json()) as { user: { id: string } }).user.id;
    return { page, id, name };
  }

  async function ownOnlyRole(admin: Page) {
    const created = await sessionApi(admin, "POST", "/roles", {
      key: "own_rep",
      name: "Own rep",
      permissions: ownOnly,
    });
    expect(created.status).toBe(201);
  }

  test("an admin builds a team of two members with a manager; other roles see no Teams settings", async () => {
    const admin = await env.page();
    await signUp(admin, uniqueUser("teams"));
    await ownOnlyRole(admin);
    const rep = await join(admin, "own_rep", "Riley Rep");
    const manager = await join(admin, "sales_rep", "Morgan Manager");

    await admin.getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("link", { name: "Teams" }).click();
    await admin.getByRole("heading", { name: "No teams yet" }).waitFor();
    await admin.getByRole("button", { name: "Add team" }).click();
    const dialog = admin.getByRole("dialog", { name: "New team" });
    await dialog.getByRole("button", { name: "Create team" }).click();
    await dialog.getByText("Name the team").waitFor();
    await dialog.getByLabel("Name").fill("Sales North");
    await dialog.getByLabel("Members", { exact: true }).click();
    await admin.getByRole("option", { name: /Riley Rep/ }).click();
    await admin.getByRole("option", { name: /Morgan Manager/ }).click();
    await dialog.getByLabel("Manager", { exact: true }).click();
    await admin.getByRole("option", { name: /Morgan Manager/ }).click();
    await shot(admin, "settings-team-form-desktop");
    await dialog.getByRole("button", { name: "Create team" }).click();
    await dialog.waitFor({ state: "hidden" });

    const card = admin.getByRole("region", { name: "Sales North" });
    await card.getByText("2 members · Manager: Morgan Manager").waitFor();
    await card.getByRole("listitem").filter({ hasText: "Riley Rep" }).waitFor();
    const teams = (await sessionApi<{ data: TeamDto[] }>(admin, "GET", "/teams")).body.data;
    expect(teams).toHaveLength(1);
    expect([...teams[0]!.memberIds].sort()).toEqual([rep.id, manager.id].sort());
    expect(teams[0]!.managerId).toBe(manager.id);

    // A second team with the same name is refused beside the name.
    await admin.getByRole("button", { name: "Add team" }).click();
    await dialog.getByLabel("Name").fill("Sales North");
    await dialog.getByRole("button", { name: "Create team" }).click();
    await dialog.getByText("Another team has this name").waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await shot(admin, "settings-teams-desktop");

    // Members of a role that does not administer see no Teams settings.
    await rep.page.goto("/settings/profile");
    await rep.page.getByRole("link", { name: "Profile" }).waitFor();
    expect(await rep.page.getByRole("link", { name: "Teams" }).count()).toBe(0);
    expect(pageErrors(admin)).toEqual([]);
  });

  test("a contact shared with a member who sees only their own records opens for them, until unshared", async () => {
    const admin = await env.page();
    await signUp(admin, uniqueUser("sharing"));
    await ownOnlyRole(admin);
    const rep = await join(admin, "own_rep", "Riley Rep");

    // The rep's role shows only their own contacts: the admin's contact is missing to them.
    const contact = await sessionApi<ContactDto>(admin, "POST", "/contacts", {
      firstName: "Sasha",
      lastName: "Shared",
    });
    expect(contact.status).toBe(201);
    const url = `/contacts/${contact.body.id}`;
    await rep.page.goto(url);
    await rep.page.getByText("This record does not exist or was deleted.").waitFor();

    await admin.goto(url);
    await admin.getByRole("heading", { name: "Sasha Shared" }).waitFor();
    await admin.getByRole("button", { name: "Share this contact" }).click();
    const share = admin.getByRole("dialog", { name: "Share Sasha Shared" });
    await share.getByText("Not shared with anyone yet.").waitFor();
    await share.getByRole("button", { name: "Share", exact: true }).click();
    await share.getByText("Choose whom to share with").waitFor();
    await share.getByLabel("Member", { exact: true }).click();
    await admin.getByRole("option", { name: /Riley Rep/ }).click();
    await share.getByRole("button", { name: "Share", exact: true }).click();
    const list = share.getByRole("list", { name: "Shared with" });
    await list.getByText("Riley Rep").waitFor();
    await list.getByText(/Shared by Sharing Tester/).waitFor();
    await shot(admin, "record-share-dialog-desktop");

    await rep.page.reload();
    await rep.page.getByRole("heading", { name: "Sasha Shared" }).waitFor();
    await shot(rep.page, "record-shared-with-rep-desktop");

    await share.getByRole("button", { name: "Stop sharing with Riley Rep" }).click();
    await share.getByText("Not shared with anyone yet.").waitFor();
    await rep.page.goto(url);
    await rep.page.getByText("This record does not exist or was deleted.").waitFor();
    expect(pageErrors(admin)).toEqual([]);
    expect(pageErrors(rep.page)).toEqual([]);
  });

  test("at phone width an admin renames a team, shares a deal with it, and deletes the team", async () => {
    const admin = await env.page({ viewport: PHONE });
    await signUp(admin, uniqueUser("teamsphone"));
    await ownOnlyRole(admin);
    const rep = await join(admin, "own_rep", "Robin Rep", PHONE);
    const created = await sessionApi<TeamDto>(admin, "POST", "/teams", {
      name: "South",
      memberIds: [rep.id],
    });
    expect(created.status).toBe(201);

    await admin.goto("/settings/teams");
    await admin.getByRole("button", { name: "Edit team South" }).click();
    const dialog = admin.getByRole("dialog", { name: "Edit team South" });
    await dialog.getByLabel("Name").fill("Sales South");
    await dialog.getByRole("button", { name: "Save team" }).click();
    await dialog.waitFor({ state: "hidden" });
    await admin.getByRole("region", { name: "Sales South" }).getByText("1 member").waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(admin, "settings-teams-phone");

    const deal = await sessionApi<{ id: string }>(admin, "POST", "/deals", { name: "Harbour refit" });
    expect(deal.status).toBe(201);
    await admin.goto(`/deals/${deal.body.id}`);
    await admin.getByRole("button", { name: "Share this deal" }).click();
    const share = admin.getByRole("dialog", { name: "Share Harbour refit" });
    await share.getByText("A team").click();
    await share.getByLabel("Team", { exact: true }).click();
    await admin.getByRole("option", { name: "Sales South" }).click();
    await share.getByRole("button", { name: "Share", exact: true }).click();
    await share.getByRole("list", { name: "Shared with" }).getByText("Sales South").waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(admin, "record-share-dialog-phone");

    // The team's member now sees the deal through the team.
    await rep.page.goto(`/deals/${deal.body.id}`);
    await rep.page.getByRole("heading", { name: "Harbour refit" }).waitFor();
    await shot(rep.page, "record-shared-with-team-phone");

    await admin.goto("/settings/teams");
    await admin.getByRole("button", { name: "Delete team Sales South" }).click();
    await admin.getByRole("dialog", { name: "Delete team" }).getByRole("button", { name: "Delete" }).click();
    await admin.getByRole("heading", { name: "No teams yet" }).waitFor();
    await rep.page.reload();
    await rep.page.getByText("This record does not exist or was deleted.").waitFor();
    expect(pageErrors(admin)).toEqual([]);
  });
});
