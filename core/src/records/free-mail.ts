/**
 * Email domains anyone can sign up to: an address there says nothing about the person's employer,
 * so a new contact is never linked to a company by one of these (the one list of them).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "aol.com",
  "gmail.com",
  "googlemail.com",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "hey.com",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "icloud.com",
  "live.com",
  "mac.com",
  "mail.com",
  "mail.ru",
  "me.com",
  "msn.com",
  "orange.fr",
  "outlook.com",
  "pm.me",
  "proton.me",
  "protonmail.com",
  "qq.com",
  "t-online.de",
  "tutanota.com",
  "web.de",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "yandex.com",
  "yandex.ru",
  "zoho.com",
  "163.com",
  "126.com",
]);

/** The domain of an email address, lower-cased: `Ada@Lovelace.IO` → `lovelace.io`. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  return at > 0
    ? email
        .slice(at + 1)
        .trim()
        .toLowerCase() || undefined
    : undefined;
}

/** Whether an address's domain can tell which company the person works for. */
export function isCompanyEmailDomain(domain: string): boolean {
  return !FREE_MAIL_DOMAINS.has(domain);
}
