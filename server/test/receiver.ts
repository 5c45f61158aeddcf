import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = {
  eventId: string;
  signature: string;
  body: string;
  event: { id: string; type: string; recordId: string };
};

/**
 * A webhook receiver on 127.0.0.1: records every request, answers `status` (200 unless changed),
 * and can be stopped and started again on the same port.
 */
export class Receiver {
  readonly received: Received[] = [];
  status = 200;
  private server: http.Server | undefined;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (this.status < 300) {
          this.received.push({
            eventId: String(request.headers["rapport-event-id"]),
            signature: String(request.headers["rapport-signature"]),
            body,
            event: JSON.parse(body),
          });
        }
        response.writeHead(this.status, { "content-type": "text/plain" }).end(`answered ${this.status}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port: deliveries meanwhile fail with a refused connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
