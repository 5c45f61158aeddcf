import { timeStep, totpCode } from "@rapport/server/test";
import { describe, expect, test } from "vitest";
import { PHONE, pageErrors, shot, useServerAndBrowser } from "./browser.ts";
import { callApi, signIn, signOut, signUp, uniqueUser } from "./flows.ts";

describe("Security settings", () => {
  const env = useServerAndBrowser();

  test("enrols in two-factor sign-in with a generated code, then signs in with one", async () => {
    const page = await env.page();
    const user = uniqueUser("secure");
    await signUp(page, user);
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    const secret = await page.getByLabel("Secret key").inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, "settings-security-enrol-desktop");

    await page.getByLabel("Code from the app").fill("000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByText("Wrong code").waitFor();
    const step = timeStep();
    await page.getByLabel("Code from the app").fill(totpCode(secret, step));
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByLabel("Save your recovery codes");
    await codes.waitFor();
    expect((await codes.textContent())?.match(/[0-9a-f]{5}-[0-9a-f]{5}/g)).toHaveLength(10);
    await shot(page, "settings-security-recovery-codes-desktop");
    await page.getByRole("button", { name: "I saved them" }).click();
    await page.getByText("Two-factor sign-in is on.").waitFor();

    await signOut(page);
    await signIn(page, user.email, user.password);
    await page.getByLabel("Verification code").fill("123456");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText(/That code is not right/).waitFor();
    await shot(page, "sign-in-two-factor-desktop");
    await page.getByLabel("Verification code").fill(totpCode(secret, step + 1));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL("**/contacts");

    await page.goto("/settings/security");
    await page.getByText("This device").waitFor();
    await shot(page, "settings-security-desktop");
    expect(pageErrors(page)).toEqual([]);
  });

  test("lists signed-in devices on a phone and signs the others out", async () => {
    const user = uniqueUser("devices");
    const desktop = await env.page();
    await signUp(desktop, user);
    const phone = await env.page({ viewport: PHONE });
    await signIn(phone, user.email, user.password);
    await phone.waitForURL("**/contacts");
    await phone.goto("/settings/security");
    const rows = phone.getByRole("row");
    await phone.getByText("This device").waitFor();
    expect(await rows.count()).toBe(3);
    await shot(phone, "settings-security-phone");
    await phone.getByRole("button", { name: "Sign out all other devices" }).click();
    await phone.getByText("Signed out 1 other device.").waitFor();
    expect(await rows.count()).toBe(2);
    await desktop.reload();
    await desktop.waitForURL("**/sign-in**");
    expect(pageErrors(phone)).toEqual([]);
  });

  test("an admin signs a member out from Settings → Members", async () => {
    const owner = await env.page();
    const ownerUser = uniqueUser("admin");
    await signUp(owner, ownerUser);
    const invitee = uniqueUser("signedout");
    const invite = await callApi(owner, "POST", "/invitations", { email: invitee.email, role: "sales_rep" });
    const member = await env.page();
    await member.goto(new URL((invite.json as { url: string }).url).pathname);
    await member.getByLabel("Your name").fill(invitee.name);
    await member.getByLabel(/^Password/).fill(invitee.password);
    await member.getByLabel("Confirm password").fill(invitee.password);
    await member.getByRole("button", { name: "Accept invitation" }).click();
    await member.waitForURL("**/contacts");

    await owner.goto("/settings/members");
    await owner.getByRole("button", { name: `Sign out ${invitee.name}` }).click();
    await owner.getByRole("dialog").getByRole("button", { name: "Sign out" }).click();
    await owner.getByText(`${invitee.name} was signed out (1 session).`).waitFor();
    await shot(owner, "settings-members-signed-out-desktop");
    await member.reload();
    await member.waitForURL("**/sign-in**");
    expect(pageErrors(owner)).toEqual([]);
  });
});
