import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors.ts";
import { sendProblem } from "./problem.ts";

const API_PREFIXES = ["/api/", "/healthz", "/readyz", "/metrics"];

/**
 * Serves the built web app: hashed assets cached for a year, index.html revalidated, and every
 * other browser path answered with index.html so the client router can take it.
 */
export async function registerStaticWeb(app: FastifyInstance, webDir: string) {
  const built = existsSync(path.join(webDir, "index.html"));
  if (!built) app.log.warn({ webDir }, "web app not built: run `npm run build` to serve the UI");
  else
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      setHeaders(res, file) {
        res.header(
          "cache-control",
          file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0] ?? "/";
    if (
      built &&
      (request.method === "GET" || request.method === "HEAD") &&
      !API_PREFIXES.some((p) => url.startsWith(p))
    ) {
      if (url.startsWith("/assets/") || path.extname(url) !== "") {
        return sendProblem(request, reply, new AppError("not_found", `There is no file ${url}.`));
      }
      reply.header("cache-control", "no-cache");
      return reply.sendFile("index.html");
    }
    return sendProblem(
      request,
      reply,
      new AppError("not_found", `There is no ${request.method} ${url} endpoint. See /api/docs.`),
    );
  });
}
