import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { signIn, signOut, signUp, uniqueUser } from "./flows.ts";

describe("signing up, out and in", () => {
  const env = useServerAndBrowser();

  test("a new owner signs up, lands in the app, signs out and back in", async () => {
    const page = await env.page();
    await page.goto("/contacts");
    await page.waitForURL(/\/sign-in\?redirect=/);
    await shot(page, "sign-in-desktop");

    await page.getByRole("link", { name: "Create a workspace" }).click();
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByText("Enter a workspace name").waitFor();
    await shot(page, "sign-up-errors-desktop");

    const owner = uniqueUser("owner");
    await signUp(page, owner);
    await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
    expect(await page.getByText(owner.workspaceName).first().isVisible()).toBe(true);
    await shot(page, "contacts-desktop");

    for (const section of ["Companies", "Deals", "Tasks", "Reports"]) {
      await page.getByRole("link", { name: section }).click();
      await page.getByRole("heading", { name: `No ${section.toLowerCase()} yet` }).waitFor();
    }
    await shot(page, "reports-desktop");

    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL("**/settings/profile");
    await page.getByLabel("Name").waitFor();
    await shot(page, "settings-profile-desktop");
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByText(owner.email, { exact: true }).waitFor();
    await shot(page, "settings-members-desktop");

    // Signed-in users do not see the public pages.
    await page.goto("/sign-in");
    await page.waitForURL("**/contacts");

    await signOut(page);
    await signIn(page, owner.email, "not the password at all");
    await page
      .getByRole("alert")
      .filter({ hasText: /password is wrong/i })
      .waitFor();
    expect(page.url()).toContain("/sign-in");
    await shot(page, "sign-in-wrong-password-desktop");

    await signIn(page, owner.email, owner.password);
    await page.waitForURL("**/contacts");
    await page.getByRole("heading", { name: "No contacts yet" }).waitFor();

    // The place a signed-out visitor was going to is where signing in takes them.
    await signOut(page);
    await page.goto("/settings/workspace");
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel(/^Password/).fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/settings/workspace");
    expect(await page.getByLabel("Workspace name").inputValue()).toBe(owner.workspaceName);

    expect(pageErrors(page)).toEqual([]);
  });

  test("a user renames themself and changes their password", async () => {
    const page = await env.page();
    const user = uniqueUser("settings");
    await signUp(page, user);

    await page.goto("/settings/profile");
    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Your profile was updated.").waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Account menu" }).textContent()).toBe("GH");

    await page.getByRole("link", { name: "Password" }).click();
    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel(/^New password/).fill("an even better password");
    await page.getByLabel("Confirm new password").fill("an even better password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /current password is wrong/i })
      .waitFor();
    await shot(page, "settings-password-error-desktop");
    await page.getByLabel("Current password").fill(user.password);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Your password was changed.").waitFor();

    await signOut(page);
    await signIn(page, user.email, "an even better password");
    await page.waitForURL("**/contacts");
    expect(pageErrors(page)).toEqual([]);
  });

  test("forgot password explains how the link is delivered", async () => {
    const page = await env.page({ viewport: PHONE });
    await page.goto("/sign-in");
    await shot(page, "sign-in-phone");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    // The sign-in form has an Email field too: fill the reset form's, once it has replaced it.
    await page.waitForURL("**/forgot-password");
    await page.getByRole("button", { name: "Issue reset link" }).waitFor();
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByRole("button", { name: "Issue reset link" }).click();
    await page.getByText("If an account exists, a reset link was issued.").waitFor({ timeout: 30_000 });
    expect(await page.getByLabel("Command for the server operator", { exact: true }).inputValue()).toBe(
      "npx rapport user reset-password nobody@example.com",
    );
    await shot(page, "forgot-password-phone");

    await page.goto("/reset-password?token=this-token-does-not-exist-anywhere");
    await page.getByLabel("New password").fill("a brand new password");
    await page.getByLabel("Confirm password").fill("a brand new password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("This reset link is not valid").waitFor();
    await shot(page, "reset-password-invalid-phone");
  });
});
