import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event, Logger } from '@bugmastery/core';
import { isEvent } from '@bugmastery/core/internal';

export interface DiskQueueStats {
  /** Events written to disk. */
  written: number;
  /** Events removed because the queue went over `maxBytes` (oldest first) or one write alone was too big. */
  dropped: number;
  /** Files that could not be read back (skipped and removed). */
  corrupt: number;
  /** Events read back and handed to the client for delivery. */
  replayed: number;
}

export interface KeptBatch {
  transport: string;
  events: Event[];
  /** The claimed file: it stays on disk until `release` says its replay has settled. */
  path: string;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** A temp file this old belongs to a process that died between write and rename. */
const STALE_MS = 60_000;
/**
 * A claim whose owner's pid still runs is taken over only past this age (the pid may have been
 * reused by another program). A replay settles well within it: each request is bounded by the
 * delivery timeout, retries and backoff.
 */
const CLAIM_STALE_MS = 10 * 60_000;
const FILE = /^(\d{15})-(\d+)-(\d+)-(\d+)\.json$/;

let sequence = 0;
/** Files this process claimed and is replaying: a second `init` must not take them again. */
const claimedHere = new Set<string>();

/** A claim by a process that no longer runs (or by an earlier process that had our pid) is abandoned. */
function abandoned(name: string): boolean {
  const pid = Number(/\.claimed-(\d+)$/.exec(name)?.[1]);
  if (!pid) return true;
  if (pid === process.pid) return true; // pid reused (containers start at pid 1): not one of ours, see claimedHere
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Undelivered events on disk, one file per batch. Writes are atomic (temp file + rename),
 * the directory is bounded by `maxBytes` (oldest dropped first, counted), and a file is
 * claimed by renaming it before replay so two processes never deliver it twice.
 */
export class DiskQueue {
  readonly stats: DiskQueueStats = { written: 0, dropped: 0, corrupt: 0, replayed: 0 };
  private readonly maxBytes: number;

  constructor(
    private readonly dir: string,
    maxBytes: number | undefined,
    private readonly logger: Logger,
  ) {
    this.maxBytes = maxBytes && maxBytes > 0 ? maxBytes : DEFAULT_MAX_BYTES;
  }

  /** Synchronous on purpose: it runs on the way out of a dying process. */
  write(transport: string, events: Event[]): boolean {
    if (events.length === 0) return true;
    try {
      const body = JSON.stringify({ transport, events });
      if (Buffer.byteLength(body) > this.maxBytes) {
        this.stats.dropped += events.length;
        this.logger.warn(`[bugmastery] ${events.length} event(s) are bigger than persist.maxBytes; not kept on disk`);
        return false;
      }
      mkdirSync(this.dir, { recursive: true });
      // Names sort oldest first: zero-padded time, then a zero-padded sequence within this process.
      const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${String(sequence++).padStart(10, '0')}-${events.length}.json`;
      const tmp = join(this.dir, `.tmp-${name}`);
      writeFileSync(tmp, body);
      renameSync(tmp, join(this.dir, name));
      this.stats.written += events.length;
      this.enforceBound();
      return true;
    } catch (err) {
      this.logger.error(`[bugmastery] could not write the disk queue in ${this.dir}: ${String(err)}`);
      return false;
    }
  }

  /**
   * Claims every kept batch for replay (rename to `.claimed-<pid>`, read). The file stays until
   * `release`, so a process killed mid-replay leaves it for the next start. Never throws.
   */
  claim(): KeptBatch[] {
    const out: KeptBatch[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return out;
    }
    const now = Date.now();
    const claimSuffix = `.claimed-${process.pid}`;
    for (const name of names.sort()) {
      const path = join(this.dir, name);
      try {
        if (claimedHere.has(path)) continue;
        if (name.startsWith('.tmp-')) {
          // Left by a process that died between write and rename.
          if (now - statSync(path).mtimeMs >= STALE_MS) unlinkSync(path);
          continue;
        }
        if (name.includes('.claimed-')) {
          // Another process is replaying it, unless that process is gone (killed mid-replay).
          if (!abandoned(name) && now - statSync(path).mtimeMs < CLAIM_STALE_MS) continue;
        } else if (!FILE.test(name)) continue;
        const claimed = join(this.dir, name.replace(/\.claimed-\d+$/, '') + claimSuffix);
        try {
          renameSync(path, claimed);
        } catch {
          continue; // another process claimed it first
        }
        // The claim's age counts from now: rename keeps the time the batch was written.
        utimesSync(claimed, new Date(), new Date());
        const batch = this.readClaimed(claimed);
        if (batch) {
          claimedHere.add(claimed);
          this.stats.replayed += batch.events.length;
          out.push(batch);
        } else unlinkSync(claimed);
      } catch (err) {
        this.logger.warn(`[bugmastery] skipped ${name} in the disk queue: ${String(err)}`);
      }
    }
    return out;
  }

  /** The replay settled: delivered, or kept again as a new file by the delivery layer. Never throws. */
  release(batches: KeptBatch[]): void {
    for (const batch of batches) {
      try {
        unlinkSync(batch.path);
      } catch {
        /* already gone */
      }
      claimedHere.delete(batch.path);
    }
  }

  private readClaimed(path: string): KeptBatch | null {
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeptBatch>;
      const events = Array.isArray(parsed.events) ? parsed.events.filter(isEvent) : [];
      if (typeof parsed.transport !== 'string' || events.length === 0) throw new Error('not a batch of events');
      return { transport: parsed.transport, events, path };
    } catch {
      this.stats.corrupt++;
      this.logger.warn(`[bugmastery] a corrupt file in the disk queue was removed: ${path}`);
      return null;
    }
  }

  /** Oldest batches go first once the directory is over its budget. */
  private enforceBound(): void {
    const files = readdirSync(this.dir)
      .filter((n) => FILE.test(n))
      .sort()
      .map((name) => {
        try {
          return { name, size: statSync(join(this.dir, name)).size };
        } catch {
          return { name, size: 0 };
        }
      });
    let total = files.reduce((sum, f) => sum + f.size, 0);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      try {
        unlinkSync(join(this.dir, f.name));
        total -= f.size;
        const count = Number(FILE.exec(f.name)?.[4] ?? 0);
        this.stats.dropped += count;
        this.logger.warn(`[bugmastery] the disk queue is over persist.maxBytes; the oldest ${count} event(s) were dropped`);
      } catch {
        /* claimed meanwhile by another process */
      }
    }
  }
}
