import {
  ChangePasswordBody,
  ListOf,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RecoveryCodesDto,
  SessionDto,
  SessionInfoDto,
  SignInBody,
  SignInResultDto,
  SignUpBody,
  SwitchWorkspaceBody,
  TwoFactorConfirmBody,
  TwoFactorDisableBody,
  TwoFactorEnrolmentDto,
  TwoFactorSignInBody,
  UpdateProfileBody,
  UserDto,
} from "@rapport/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireUser } from "../../platform/auth/principal.ts";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../platform/http/authenticate.ts";
import { IdParams, principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { toUserDto } from "./auth.presenter.ts";
import * as auth from "./auth.service.ts";
import * as sessions from "./sessions.ts";
import * as twoFactor from "./two-factor.ts";

const tags = ["Authentication"];

export function clientInfo(request: FastifyRequest): auth.ClientInfo {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrf: string) {
  const common = { path: "/", secure: request.protocol === "https", maxAge: auth.SESSION_IDLE_MS / 1000 };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true, sameSite: "lax" });
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false, sameSite: "strict" });
}

function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
  reply.clearCookie(CSRF_COOKIE, { path: "/" });
}

export const authRoutes: FastifyPluginAsyncZod<{ deps: auth.AuthDeps }> = async (app, { deps }) => {
  const { db } = deps;

  app.post(
    "/auth/sign-up",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Create a workspace and its owner, and sign in",
        body: SignUpBody,
        response: { 201: SessionDto, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.signUp(deps, request.body, clientInfo(request));
      setSessionCookies(request, reply, token, session.csrfToken);
      return reply.status(201).send(session);
    },
  );

  app.post(
    "/auth/sign-in",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in with email and password",
        description:
          "For an account with two-factor sign-in, answers `{ twoFactorRequired: true, pendingToken }` instead of a session: send the token and a code to `/auth/sign-in/two-factor`.",
        body: SignInBody,
        response: { 200: SignInResultDto, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const result = await auth.signIn(deps, request.body, clientInfo(request));
      if ("challenge" in result) return result.challenge;
      setSessionCookies(request, reply, result.token, result.session.csrfToken);
      return result.session;
    },
  );

  app.post(
    "/auth/sign-in/two-factor",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Finish a two-factor sign-in with a code from the app or a recovery code",
        description: "Five wrong codes in 15 minutes block the account's code attempts (429).",
        body: TwoFactorSignInBody,
        response: { 200: SessionDto, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.signInWithSecondFactor(deps, request.body, clientInfo(request));
      setSessionCookies(request, reply, token, session.csrfToken);
      return session;
    },
  );

  app.post(
    "/auth/two-factor/enrol",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Start two-factor enrolment: a new secret and its otpauth:// URI for a QR code",
        response: { 200: TwoFactorEnrolmentDto, ...problemResponses(401, 403, 409) },
      },
    },
    async (request) => twoFactor.startEnrolment(db, requireUser(principalOf(request))),
  );

  app.post(
    "/auth/two-factor/confirm",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Turn two-factor sign-in on with a code from the app; answers the recovery codes, once",
        body: TwoFactorConfirmBody,
        response: { 200: RecoveryCodesDto, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request) => twoFactor.confirmEnrolment(db, requireUser(principalOf(request)), request.body.code),
  );

  app.post(
    "/auth/two-factor/disable",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Turn two-factor sign-in off, with a code, a recovery code or the password",
        body: TwoFactorDisableBody,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      await twoFactor.disableTwoFactor(db, requireUser(principalOf(request)), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/sessions",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Your signed-in sessions, most recently used first",
        response: { 200: ListOf(SessionInfoDto), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ data: await sessions.listMySessions(db, requireUser(principalOf(request))) }),
  );

  app.delete(
    "/auth/sessions/:id",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Sign out one of your sessions",
        params: IdParams,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await sessions.revokeMySession(db, requireUser(principalOf(request)), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/auth/sessions/revoke-others",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Sign out every session but this one",
        response: { 200: z.object({ ended: z.number().int() }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({
      ended: await sessions.revokeMyOtherSessions(db, requireUser(principalOf(request))),
    }),
  );

  app.delete(
    "/members/:userId/sessions",
    {
      config: { access: "admin" },
      schema: {
        tags: ["Members"],
        summary: "Sign a member out of this workspace (admins; an owner's sessions need an owner)",
        params: z.object({ userId: z.uuid() }),
        response: { 200: z.object({ ended: z.number().int() }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      ended: await sessions.revokeMemberSessions(db, principalOf(request), request.params.userId),
    }),
  );

  app.post(
    "/auth/sign-out",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "End this session",
        response: { 204: z.null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await auth.signOut(db, requireUser(principalOf(request)));
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/session",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "The signed-in user, the current workspace and role, and the CSRF token",
        response: { 200: SessionDto, ...problemResponses(401, 403) },
      },
    },
    async (request) => auth.describeSession(db, requireUser(principalOf(request))),
  );

  app.post(
    "/auth/switch-workspace",
    {
      config: { access: "user", beforeTwoFactor: true },
      schema: {
        tags,
        summary: "Work in another of your workspaces",
        body: SwitchWorkspaceBody,
        response: { 200: SessionDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => auth.switchWorkspace(db, requireUser(principalOf(request)), request.body.workspaceId),
  );

  app.post(
    "/auth/password",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Change your password; signs out your other sessions",
        body: ChangePasswordBody,
        response: { 204: z.null(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await auth.changePassword(db, requireUser(principalOf(request)), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/auth/password-reset/request",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Ask for a password reset link",
        description:
          "Always answers 202, whether or not the account exists. Until email is configured, the link is written to the server log; operators can also print one with `rapport user reset-password EMAIL`.",
        body: PasswordResetRequestBody,
        response: { 202: z.null(), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(deps, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Set a new password with a reset token; signs out every session",
        body: PasswordResetConfirmBody,
        response: { 204: z.null(), ...problemResponses(400, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      await auth.confirmPasswordReset(db, request.body);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    "/me",
    {
      config: { access: "user" },
      schema: {
        tags,
        summary: "Update your profile",
        body: UpdateProfileBody,
        response: { 200: UserDto, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) =>
      toUserDto(await auth.updateProfile(db, requireUser(principalOf(request)), request.body)),
  );
};
