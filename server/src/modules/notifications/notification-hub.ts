import type { Database } from "../../platform/db/index.ts";
import type { Logger } from "../../platform/log.ts";
import { type ChannelMessage, NOTIFICATION_CHANNEL } from "./notification-channel.ts";

/** Receives the events of one user's stream. */
export type StreamListener = (event: ChannelMessage["event"] | "reset", data: unknown) => void;

/**
 * Fans the notification channel out to this process's open streams: every server process LISTENs,
 * so a notification created by any process (or worker) reaches the user wherever they are connected.
 */
export class NotificationHub {
  private readonly streams = new Map<string, Set<StreamListener>>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(NOTIFICATION_CHANNEL, {
      message: (payload) => this.dispatch(payload),
      // The listening connection was lost (or is new): streams may have missed events, so they refetch.
      reset: () => {
        for (const listeners of this.streams.values())
          for (const listener of listeners) listener("reset", {});
      },
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
    this.streams.clear();
  }

  /** Adds a listener for one user's events in one workspace, until the returned function is called. */
  subscribe(workspaceId: string, userId: string, listener: StreamListener): () => void {
    const key = `${workspaceId}:${userId}`;
    let listeners = this.streams.get(key);
    if (!listeners) {
      listeners = new Set();
      this.streams.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.streams.get(key) === listeners) this.streams.delete(key);
    };
  }

  /** Open streams in this process. */
  get size(): number {
    let n = 0;
    for (const listeners of this.streams.values()) n += listeners.size;
    return n;
  }

  private dispatch(payload: string) {
    let message: ChannelMessage;
    try {
      message = JSON.parse(payload) as ChannelMessage;
    } catch (error) {
      this.log.warn({ err: error }, "unreadable notification channel message");
      return;
    }
    const listeners = this.streams.get(`${message.workspaceId}:${message.userId}`);
    for (const listener of listeners ?? []) listener(message.event, message.data);
  }
}
