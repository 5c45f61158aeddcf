import { CreateCurrencyBody, CurrencyListDto, CurrencyRateDto, UpdateCurrencyBody } from "@rapport/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { principalOf, problemResponses } from "../../platform/http/route-helpers.ts";
import * as service from "./currency.service.ts";

const tags = ["Currencies"];
const CodeParams = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { message: "Use a three-letter ISO 4217 code such as EUR" })
    .transform((code) => code.toUpperCase()),
});
const RATE_NOTE =
  "A rate converts to the workspace's base currency: amount × rate = amount in base (with base USD, EUR 1.08 means €1 = $1.08).";

export const currencyRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/currencies",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The base currency and the exchange rates to it",
        description: RATE_NOTE,
        response: { 200: CurrencyListDto, ...problemResponses(401) },
      },
    },
    async (request) => service.listCurrencies(db, principalOf(request)),
  );

  app.post(
    "/currencies",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Add an exchange rate for a currency",
        description: `${RATE_NOTE} The base currency itself takes no rate.`,
        body: CreateCurrencyBody,
        response: { 201: CurrencyRateDto, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createCurrency(db, principalOf(request), request.body)),
  );

  app.get(
    "/currencies/:code",
    {
      config: { access: "workspace" },
      schema: {
        tags,
        summary: "The exchange rate of a currency",
        params: CodeParams,
        response: { 200: CurrencyRateDto, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => service.getCurrency(db, principalOf(request), request.params.code),
  );

  app.patch(
    "/currencies/:code",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Change the exchange rate of a currency",
        description: RATE_NOTE,
        params: CodeParams,
        body: UpdateCurrencyBody,
        response: { 200: CurrencyRateDto, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.updateCurrency(db, principalOf(request), request.params.code, request.body),
  );

  app.delete(
    "/currencies/:code",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Remove the exchange rate of a currency",
        description:
          "Deals in that currency are then left out of converted totals until a rate is added again.",
        params: CodeParams,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.deleteCurrency(db, principalOf(request), request.params.code);
      return reply.status(204).send(null);
    },
  );
};
