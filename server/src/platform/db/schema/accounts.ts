import { DEFAULT_LIFECYCLE_STAGES, type LifecycleStage, type RolePermissions } from "@rapport/core";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A tenant. Every tenant-owned table carries workspace_id, and its keys include it. */
export const workspaces = pgTable(
  "workspaces",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    // ISO 4217; totals across currencies are converted to it with the workspace's exchange rates.
    baseCurrency: text("base_currency").notNull().default("USD"),
    // ISO 3166-1 alpha-2; phones typed without a country code are read as this country's.
    defaultCountry: text("default_country"),
    // The contact lifecycle, in order; contacts keep a stage's key.
    lifecycleStages: jsonb("lifecycle_stages")
      .$type<LifecycleStage[]>()
      .notNull()
      .default([...DEFAULT_LIFECYCLE_STAGES]),
    // Members without two-factor sign-in are sent to enrol before they can use the workspace.
    requireTwoFactor: boolean("require_two_factor").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check("workspaces_base_currency_check", sql`${t.baseCurrency} ~ '^[A-Z]{3}$'`),
    check("workspaces_default_country_check", sql`${t.defaultCountry} ~ '^[A-Z]{2}$'`),
  ],
);

/** A person who can sign in; belongs to workspaces through memberships. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    // Stored lower-cased: emails are compared case-insensitively.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    // TOTP (RFC 6238): the base32 secret, set at enrolment and in force once confirmed.
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    // The last time step a code was accepted for, so a code cannot be used twice.
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    // SHA-256 of the unused recovery codes; one is removed when used.
    recoveryCodeHashes: text("recovery_code_hashes").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // A key of the workspace's roles (foreign key memberships_role_fk, hand-written in 0012).
    role: text("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/**
 * A workspace's roles: the built-ins (seeded with the workspace) and custom ones. Memberships,
 * invitations and API keys name a role by key; a role in use cannot be deleted (restricting foreign
 * keys, hand-written in the migration because they are added after the data is backfilled).
 */
export const roles = pgTable(
  "roles",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    builtin: boolean("builtin").notNull().default(false),
    permissions: jsonb("permissions").$type<RolePermissions>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.key] }),
    check("roles_key_check", sql`${t.key} ~ '^[a-z][a-z0-9_]{1,39}$'`),
  ],
);

/** Teams of members; a role with team visibility sees the records owned by its teams' members. */
export const teams = pgTable(
  "teams",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("teams_name_key").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    teamId: uuid("team_id").notNull(),
    userId: uuid("user_id").notNull(),
    // The team's manager (at most one) sees the team's records even when their role sees only their own.
    manager: boolean("manager").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    uniqueIndex("team_members_one_manager").on(t.workspaceId, t.teamId).where(sql`${t.manager}`),
    index("team_members_user_idx").on(t.workspaceId, t.userId),
    foreignKey({
      name: "team_members_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "team_members_membership_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
  ],
);

/**
 * A record shared with a user or a team beyond what their roles' visibility shows them (still only
 * for roles that may read the object). `object` is a permission object (contacts, deals…).
 */
export const recordShares = pgTable(
  "record_shares",
  {
    workspaceId: uuid("workspace_id").notNull(),
    id: uuid("id").notNull(),
    object: text("object").notNull(),
    recordId: uuid("record_id").notNull(),
    userId: uuid("user_id"),
    teamId: uuid("team_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    check("record_shares_one_target", sql`(${t.userId} is null) <> (${t.teamId} is null)`),
    uniqueIndex("record_shares_user_key")
      .on(t.workspaceId, t.object, t.recordId, t.userId)
      .where(sql`${t.userId} is not null`),
    uniqueIndex("record_shares_team_key")
      .on(t.workspaceId, t.object, t.recordId, t.teamId)
      .where(sql`${t.teamId} is not null`),
    foreignKey({
      name: "record_shares_membership_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
    foreignKey({
      name: "record_shares_team_fk",
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
  ],
);

/** Browser sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The workspace the session is working in; removing the membership ends the session.
    workspaceId: uuid("workspace_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
    foreignKey({
      name: "sessions_membership_fk",
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    // A key of the workspace's roles, never owner (foreign key invitations_role_fk, hand-written).
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_workspace_idx").on(t.workspaceId, t.createdAt),
    check("invitations_role_check", sql`${t.role} <> 'owner'`),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    // A key of the workspace's roles (foreign key api_keys_role_fk, hand-written).
    role: text("role").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    // A bearer key names no workspace, so it is looked up by its hash alone.
    uniqueIndex("api_keys_key_hash_key").on(t.keyHash),
    index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("password_reset_tokens_token_hash_key").on(t.tokenHash)],
);

/** Failed sign-in counters per account and per IP, in the database so every process shares them. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
});
