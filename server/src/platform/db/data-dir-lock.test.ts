import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataDirBusyError, lockDataDir } from "./data-dir-lock.ts";

describe("lockDataDir", () => {
  it("refuses a directory held by a live process and names it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rapport-lock-"));
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(path.join(dir, "rapport.lock"), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
      expect(() => lockDataDir(dir)).toThrow(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it("refuses a second lock in the same process, and frees the directory on release", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rapport-lock-"));
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    release();
    expect(existsSync(path.join(dir, "rapport.lock"))).toBe(false);
    lockDataDir(dir)();
  });

  it("takes over a lock left by a process that died", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rapport-lock-"));
    writeFileSync(path.join(dir, "rapport.lock"), "999999999");
    const release = lockDataDir(dir);
    release();
  });
});
