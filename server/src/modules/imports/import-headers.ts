import type { ColumnMapping, ImportObject } from "@rapport/core";

type Guess = { target: string; label?: string };

/** A header reduced to lower-case letters and digits, so "E-mail Address" and "email_address" meet. */
export const headerKey = (header: string) =>
  header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/**
 * The table of export headers Rapport recognises, by vendor, for contacts: HubSpot, Salesforce,
 * Pipedrive, Zoho, Google Contacts (both its export formats) and Outlook. Keys are `headerKey`s.
 */
const CONTACT_HEADERS: Record<string, Guess> = {
  // Common to most
  firstname: { target: "firstName" },
  lastname: { target: "lastName" },
  name: { target: "fullName" },
  fullname: { target: "fullName" },
  email: { target: "email" },
  emailaddress: { target: "email" },
  phone: { target: "phone" },
  phonenumber: { target: "phone" },
  mobile: { target: "phone", label: "mobile" },
  mobilephone: { target: "phone", label: "mobile" },
  mobilephonenumber: { target: "phone", label: "mobile" },
  jobtitle: { target: "jobTitle" },
  title: { target: "jobTitle" },
  company: { target: "companyName" },
  companyname: { target: "companyName" },
  birthday: { target: "birthday" },
  dateofbirth: { target: "birthday" },
  street: { target: "street" },
  city: { target: "city" },
  country: { target: "country" },
  notes: { target: "description" },
  description: { target: "description" },
  leadsource: { target: "leadSource" },
  lifecyclestage: { target: "lifecycleStage" },
  tags: { target: "tags" },
  website: { target: "companyDomain" },
  // HubSpot
  streetaddress: { target: "street" },
  stateregion: { target: "region" },
  postalcode: { target: "postalCode" },
  countryregion: { target: "country" },
  // Salesforce and Zoho
  accountname: { target: "companyName" },
  birthdate: { target: "birthday" },
  mailingstreet: { target: "street" },
  mailingcity: { target: "city" },
  mailingstateprovince: { target: "region" },
  mailingstate: { target: "region" },
  mailingzippostalcode: { target: "postalCode" },
  mailingzip: { target: "postalCode" },
  mailingcountry: { target: "country" },
  secondaryemail: { target: "email", label: "other" },
  homephone: { target: "phone", label: "home" },
  otherphone: { target: "phone", label: "other" },
  // Pipedrive ("Person - …")
  personname: { target: "fullName" },
  personfirstname: { target: "firstName" },
  personlastname: { target: "lastName" },
  personemail: { target: "email" },
  personemailwork: { target: "email", label: "work" },
  personemailhome: { target: "email", label: "home" },
  personemailother: { target: "email", label: "other" },
  personphone: { target: "phone" },
  personphonework: { target: "phone", label: "work" },
  personphonemobile: { target: "phone", label: "mobile" },
  personphonehome: { target: "phone", label: "home" },
  personorganization: { target: "companyName" },
  personjobtitle: { target: "jobTitle" },
  personbirthday: { target: "birthday" },
  personlabels: { target: "tags" },
  // Google Contacts (current and legacy exports)
  givenname: { target: "firstName" },
  familyname: { target: "lastName" },
  organizationname: { target: "companyName" },
  organization1name: { target: "companyName" },
  organizationtitle: { target: "jobTitle" },
  organization1title: { target: "jobTitle" },
  address1street: { target: "street" },
  address1city: { target: "city" },
  address1region: { target: "region" },
  address1postalcode: { target: "postalCode" },
  address1country: { target: "country" },
  labels: { target: "tags" },
  groupmembership: { target: "tags" },
  // Outlook
  businessphone: { target: "phone", label: "work" },
  businessstreet: { target: "street" },
  businesscity: { target: "city" },
  businessstate: { target: "region" },
  businesspostalcode: { target: "postalCode" },
  businesscountryregion: { target: "country" },
  categories: { target: "tags" },
};

/**
 * The same for companies (accounts, organisations): HubSpot, Salesforce, Pipedrive and Zoho. Google and
 * Outlook export people only.
 */
const COMPANY_HEADERS: Record<string, Guess> = {
  // Common to most
  name: { target: "name" },
  company: { target: "name" },
  companyname: { target: "name" },
  organization: { target: "name" },
  domain: { target: "domain" },
  website: { target: "domain" },
  url: { target: "domain" },
  industry: { target: "industry" },
  employees: { target: "employeeCount" },
  numberofemployees: { target: "employeeCount" },
  annualrevenue: { target: "annualRevenue" },
  revenue: { target: "annualRevenue" },
  phone: { target: "phone" },
  phonenumber: { target: "phone" },
  street: { target: "street" },
  address: { target: "street" },
  city: { target: "city" },
  state: { target: "region" },
  region: { target: "region" },
  zip: { target: "postalCode" },
  postalcode: { target: "postalCode" },
  country: { target: "country" },
  description: { target: "description" },
  notes: { target: "description" },
  parentcompany: { target: "parentCompany" },
  tags: { target: "tags" },
  // HubSpot
  companydomainname: { target: "domain" },
  websiteurl: { target: "domain" },
  streetaddress: { target: "street" },
  stateregion: { target: "region" },
  countryregion: { target: "country" },
  aboutus: { target: "description" },
  // Salesforce and Zoho
  accountname: { target: "name" },
  billingstreet: { target: "street" },
  billingcity: { target: "city" },
  billingstateprovince: { target: "region" },
  billingstate: { target: "region" },
  billingzippostalcode: { target: "postalCode" },
  billingcode: { target: "postalCode" },
  billingcountry: { target: "country" },
  parentaccount: { target: "parentCompany" },
  tag: { target: "tags" },
  // Pipedrive ("Organization - …")
  organizationname: { target: "name" },
  organizationwebsite: { target: "domain" },
  organizationindustry: { target: "industry" },
  organizationnumberofemployees: { target: "employeeCount" },
  organizationannualrevenue: { target: "annualRevenue" },
  organizationphone: { target: "phone" },
  organizationaddress: { target: "street" },
  organizationaddresscitytownvillagelocality: { target: "city" },
  organizationaddressstateprovince: { target: "region" },
  organizationaddresszippostalcode: { target: "postalCode" },
  organizationaddresscountry: { target: "country" },
  organizationlabels: { target: "tags" },
};

/** Numbered columns: Google's "E-mail 2 - Value", "Phone 1 - Value", Outlook's "E-mail 2 Address". */
const CONTACT_PATTERNS: [RegExp, Guess][] = [
  [/^e?mail\d+value$/, { target: "email" }],
  [/^e?mail\d+address$/, { target: "email" }],
  [/^phone\d+value$/, { target: "phone" }],
  [/^businessphone\d+$/, { target: "phone", label: "work" }],
];

const HEADERS: Record<ImportObject, { table: Record<string, Guess>; patterns: [RegExp, Guess][] }> = {
  contacts: { table: CONTACT_HEADERS, patterns: CONTACT_PATTERNS },
  companies: { table: COMPANY_HEADERS, patterns: [] },
};

/** Fields a record may hold several of, so that more than one column may fill them. */
const REPEATABLE = new Set(["email", "phone", "tags", "domain"]);

export type CustomFieldRef = { key: string; label: string };

/**
 * A mapping for each header: a known export header, then a custom field whose key or label the header
 * names; otherwise ignored. A single-valued field goes to its first column only.
 */
export function suggestMapping(
  object: ImportObject,
  headers: string[],
  customFields: CustomFieldRef[],
): ColumnMapping[] {
  const { table, patterns } = HEADERS[object];
  const custom = new Map<string, string>();
  for (const field of customFields) {
    custom.set(headerKey(field.key), `custom.${field.key}`);
    custom.set(headerKey(field.label), `custom.${field.key}`);
  }
  const used = new Set<string>();
  return headers.map((header, column) => {
    const key = headerKey(header);
    const guess = table[key] ?? patterns.find(([re]) => re.test(key))?.[1];
    const target = guess?.target ?? custom.get(key) ?? "";
    if (target === "" || (!REPEATABLE.has(target) && used.has(target)))
      return { column, target: "", label: null };
    used.add(target);
    return { column, target, label: guess?.label ?? null };
  });
}
