import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signUp, uniqueUser } from "./flows.ts";

describe("inviting a member", () => {
  const env = useServerAndBrowser();

  test("an admin invites a member who accepts and sees only member settings", async () => {
    const admin = await env.page();
    const owner = uniqueUser("inviter");
    await signUp(admin, owner);

    await admin.getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("link", { name: "Invitations" }).click();
    await admin.getByText("No pending invitations.").waitFor();
    const invitee = uniqueUser("invitee");
    await admin.getByLabel("Email").fill(invitee.email);
    await admin.getByRole("button", { name: "Create invitation" }).click();
    await admin.getByText("Send this link to the invitee; it expires in 7 days.").waitFor();
    const link = await admin.getByLabel("Invitation link", { exact: true }).inputValue();
    expect(link).toMatch(/\/invite\/.+/);
    await admin
      .getByRole("row", { name: new RegExp(invitee.email) })
      .first()
      .waitFor();
    await shot(admin, "settings-invitations-desktop");
    expect(await admin.getByRole("row", { name: new RegExp(invitee.email) }).count()).toBe(1);

    const member = await env.page({ viewport: PHONE });
    await member.goto(new URL(link).pathname);
    await member.getByRole("heading", { name: `Join ${owner.workspaceName}` }).waitFor();
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await member.getByText("Enter a name").waitFor();
    await member.getByLabel("Your name").fill(invitee.name);
    await member.getByLabel(/^Password/).fill(invitee.password);
    await member.getByLabel("Confirm password").fill("something else entirely");
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await member.getByText("The passwords do not match").waitFor();
    await shot(member, "accept-invite-phone");
    await member.getByLabel("Confirm password").fill(invitee.password);
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await member.waitForURL("**/contacts");
    await member.getByText(owner.workspaceName).first().waitFor();

    await member.goto("/settings/members");
    await member.getByText(owner.email, { exact: true }).waitFor();
    const sections = await member.getByLabel("Settings section").locator("option").allTextContents();
    expect(sections).toEqual([
      "Profile",
      "Password",
      "Security",
      "Workspace",
      "Members",
      "Pipelines",
      "Custom fields",
      "Tags",
      "Currencies",
    ]);
    expect(await member.getByRole("button", { name: /^Remove / }).count()).toBe(0);
    await shot(member, "settings-members-as-member-phone");

    // Admin-only pages send a member back to their profile.
    await member.goto("/settings/api-keys");
    await member.waitForURL("**/settings/profile");
    await member.goto("/settings/audit");
    await member.waitForURL("**/settings/profile");

    // The link works once.
    const again = await env.page();
    await again.goto(new URL(link).pathname);
    await again.getByText("This invitation was already accepted.").waitFor();

    await admin.getByRole("link", { name: "Members" }).click();
    await admin.getByRole("heading", { name: "Members" }).waitFor();
    await admin.getByText(invitee.email, { exact: true }).waitFor();
    await shot(admin, "settings-members-two-desktop");
    expect(await admin.getByRole("row").count()).toBe(3);
    expect(pageErrors(admin)).toEqual([]);
    expect(pageErrors(member)).toEqual([]);
  });

  test("an unknown invitation link says so", async () => {
    const page = await env.page();
    await page.goto("/invite/0123456789abcdef0123456789abcdef");
    await page.getByText("This invitation link is not valid.").waitFor();
    await shot(page, "accept-invite-unknown-desktop");
  });
});

describe("joining a second workspace", () => {
  const env = useServerAndBrowser();

  test("an existing user accepts with their password and can switch workspaces", async () => {
    const first = uniqueUser("first");
    const second = uniqueUser("second");
    const firstPage = await env.page();
    const secondPage = await env.page();
    await signUp(firstPage, first);
    await signUp(secondPage, second);

    await firstPage.goto("/settings/invitations");
    await firstPage.getByLabel("Email").fill(second.email);
    await firstPage.getByLabel("Role", { exact: true }).first().click();
    await firstPage.getByRole("option", { name: "Read-only" }).click();
    await firstPage.getByRole("button", { name: "Create invitation" }).click();
    const link = await firstPage.getByLabel("Invitation link", { exact: true }).inputValue();

    await secondPage.goto(new URL(link).pathname);
    await secondPage.getByText("You already have a Rapport account.").waitFor();
    expect(await secondPage.getByLabel("Your name").count()).toBe(0);
    await shot(secondPage, "accept-invite-existing-desktop");
    await secondPage.getByLabel(/^Password/).fill(second.password);
    await secondPage.getByRole("button", { name: "Accept invitation" }).click();
    await secondPage.waitForURL("**/contacts");

    const switcher = secondPage.getByRole("button", { name: "Switch workspace" });
    expect(await switcher.textContent()).toContain(first.workspaceName);
    await switcher.click();
    await shot(secondPage, "workspace-switcher-desktop");
    await secondPage.getByRole("menuitem", { name: new RegExp(second.workspaceName) }).click();
    await expect.poll(() => switcher.textContent()).toContain(second.workspaceName);

    // Back in their own workspace they are owner again and see the admin settings.
    await secondPage.goto("/settings/api-keys");
    await secondPage.getByRole("heading", { name: "No API keys yet" }).waitFor();
    expect(pageErrors(secondPage)).toEqual([]);
  });
});
