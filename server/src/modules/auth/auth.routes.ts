import {
  ChangePasswordBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SessionDto,
  SignInBody,
  SignUpBody,
  SwitchWorkspaceBody,
  UpdateProfileBody,
  UserDto,
} from "@rapport/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireUser } from "../../platform/auth/principal.ts";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../platform/http/authenticate.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import { toUserDto } from "./auth.presenter.ts";
import * as auth from "./auth.service.ts";

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
        body: SignInBody,
        response: { 200: SessionDto, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, session } = await auth.signIn(deps, request.body, clientInfo(request));
      setSessionCookies(request, reply, token, session.csrfToken);
      return session;
    },
  );

  app.post(
    "/auth/sign-out",
    {
      config: { access: "user" },
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
      config: { access: "user" },
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
      config: { access: "user" },
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
