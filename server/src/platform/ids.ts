import { v7 } from "uuid";

/** Time-ordered UUIDv7, so ids sort by creation and index pages stay warm. */
export const newId = (): string => v7();
