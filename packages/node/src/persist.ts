import {
  closeSync,
  constants,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { readOpenFileSync } from './source-read';
import type { Event, Logger } from '@bugmastery/core';
import { isEvent, processWide, toJson } from '@bugmastery/core/internal';

export interface DiskQueueStats {
  /** Events written to disk. */
  written: number;
  /** Events removed because the queue went over `maxBytes` (oldest first) or one write alone was too big. */
  dropped: number;
  /** Files that could not be read back (skipped and removed). */
  corrupt: number;
  /** Events read back and handed to the client for delivery. */
  replayed: number;
  /** Events not kept because the folder is unsafe (world-writable, or another user's): persistence is off. */
  refused: number;
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
/** Exclusive create, never through a link: a name planted by someone else (a symlink to any file the app can write) makes the write fail instead. */
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
/** Read (and touch) only the file itself: a claimed name that is a link is refused, its target untouched. */
const OPEN_KEPT = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A folder that is safe to keep the queue in, at its real path; or why it is not. */
export type QueueDirVerdict = { real: string; why?: undefined } | { why: string; real?: undefined };

/**
 * Whether a queue folder may be used: a folder another user can write to lets them plant links
 * and batches, and so does one they can replace — a link they own (they can point it elsewhere
 * later), or a folder inside one they own or anyone may write to without the sticky bit. The
 * queue then works on the real path, so a link changed afterwards changes nothing. POSIX only
 * (Windows has no such mode bits).
 */
export function checkQueueDir(dir: string): QueueDirVerdict {
  if (typeof process.getuid !== 'function') return { real: dir };
  const uid = process.getuid();
  const real = realpathSync(dir);
  const info = statSync(real);
  if (!info.isDirectory()) return { why: 'it is not a folder' };
  if (info.uid !== uid) return { why: `it belongs to another user (uid ${info.uid})` };
  if (info.mode & 0o002) return { why: 'it is world-writable' };
  // Each folder above: another user (root aside) who owns it, or anyone when it is world-writable without the sticky bit (as /tmp has), can swap the queue folder.
  for (let above = dirname(real); ; above = dirname(above)) {
    const up = statSync(above);
    if (up.uid !== uid && up.uid !== 0) return { why: `${above} belongs to another user (uid ${up.uid}), who can replace the folder` };
    if (up.mode & 0o002 && !(up.mode & 0o1000)) return { why: `${above} is world-writable without the sticky bit, so anyone can replace the folder` };
    if (dirname(above) === above) break;
  }
  // The link itself: a link another user owns can be pointed elsewhere (the real path is used from now on anyway).
  const link = lstatSync(dir);
  if (link.isSymbolicLink() && link.uid !== uid && link.uid !== 0) return { why: `it is a link owned by another user (uid ${link.uid})` };
  return { real };
}

/** Per process, not per module copy (ESM and CommonJS builds): file names must not collide, claims must be seen. */
const counter = processWide('diskSequence', () => ({ next: 0 }));
/** Files this process claimed and is replaying: a second `init` must not take them again. */
const claimedHere = processWide('claimedFiles', () => new Set<string>());

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
  readonly stats: DiskQueueStats = { written: 0, dropped: 0, corrupt: 0, replayed: 0, refused: 0 };
  private readonly maxBytes: number;
  /** Checked once (at start when the folder exists, else when first created); false: persistence is off. */
  private usable: boolean | undefined;

  /** The folder as configured until it is checked, then its real path (a link changed later is not followed). */
  private dir: string;

  constructor(
    private readonly configured: string,
    maxBytes: number | undefined,
    private readonly logger: Logger,
  ) {
    this.dir = configured;
    this.maxBytes = maxBytes && maxBytes > 0 ? maxBytes : DEFAULT_MAX_BYTES;
    try {
      lstatSync(configured);
      this.check();
    } catch {
      /* not there yet: created (0700) and checked on the first write */
    }
  }

  /** One warning, and persistence off for good, when the folder is unsafe. */
  private check(): boolean {
    if (this.usable !== undefined) return this.usable;
    let verdict: QueueDirVerdict;
    try {
      verdict = checkQueueDir(this.configured);
    } catch {
      return false; // unreadable now; checked again next time
    }
    const { why, real } = verdict;
    this.usable = why === undefined;
    if (real) this.dir = real;
    if (why) this.logger.warn(`[bugmastery] persist.dir ${this.configured} is not used: ${why}. Events that cannot be delivered are not kept on disk (diskQueue().refused counts them)`);
    return this.usable;
  }

  /** The folder exists (created owner-only) and is safe. */
  private ready(): boolean {
    if (this.usable === undefined) mkdirSync(this.configured, { recursive: true, mode: 0o700 });
    return this.check();
  }

  /** Synchronous on purpose: it runs on the way out of a dying process. */
  write(transport: string, events: Event[]): boolean {
    if (events.length === 0) return true;
    try {
      const body = toJson({ transport, events });
      if (Buffer.byteLength(body) > this.maxBytes) {
        this.stats.dropped += events.length;
        this.logger.warn(`[bugmastery] ${events.length} event(s) are bigger than persist.maxBytes; not kept on disk`);
        return false;
      }
      if (!this.ready()) {
        this.stats.refused += events.length;
        return false;
      }
      // Names sort oldest first: zero-padded time, then a zero-padded sequence within this process.
      const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${String(counter.next++).padStart(10, '0')}-${events.length}.json`;
      const tmp = join(this.dir, `.tmp-${name}`);
      writeExclusive(tmp, body);
      // rename replaces a name, never writes through it: a link planted at `name` is itself replaced.
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
      if (!this.check()) return out;
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
        const isTemp = name.startsWith('.tmp-');
        const isClaim = name.includes('.claimed-');
        if (!isTemp && !isClaim && !FILE.test(name)) continue;
        // lstat: the entry itself. A link or anything but a plain file is not ours; unlinking removes the link, not its target.
        const entry = lstatSync(path);
        if (!entry.isFile()) {
          if (entry.isSymbolicLink()) unlinkSync(path);
          continue;
        }
        if (isTemp) {
          // Left by a process that died between write and rename.
          if (now - entry.mtimeMs >= STALE_MS) unlinkSync(path);
          continue;
        }
        // Another process is replaying it, unless that process is gone (killed mid-replay).
        if (isClaim && !abandoned(name) && now - entry.mtimeMs < CLAIM_STALE_MS) continue;
        const claimed = join(this.dir, name.replace(/\.claimed-\d+$/, '') + claimSuffix);
        try {
          renameSync(path, claimed);
        } catch {
          continue; // another process claimed it first
        }
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

  /** Opened without following a link (one swapped in after the rename is refused), touched and read through that descriptor. */
  private readClaimed(path: string): KeptBatch | null {
    let fd: number | undefined;
    try {
      fd = openSync(path, OPEN_KEPT);
      const info = fstatSync(fd);
      if (!info.isFile() || (typeof process.getuid === 'function' && info.uid !== process.getuid()) || info.size > this.maxBytes) {
        throw new Error('not a batch this process wrote');
      }
      // The claim's age counts from now: rename keeps the time the batch was written.
      const now = new Date();
      futimesSync(fd, now, now);
      const parsed = JSON.parse(readOpenFileSync(fd, info.size)) as Partial<KeptBatch>;
      const events = Array.isArray(parsed.events) ? parsed.events.filter(isEvent) : [];
      if (typeof parsed.transport !== 'string' || events.length === 0) throw new Error('not a batch of events');
      return { transport: parsed.transport, events, path };
    } catch {
      this.stats.corrupt++;
      this.logger.warn(`[bugmastery] a corrupt file in the disk queue was removed: ${path}`);
      return null;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Oldest batches go first once the directory is over its budget. */
  private enforceBound(): void {
    const files = readdirSync(this.dir)
      .filter((n) => FILE.test(n))
      .sort()
      .map((name) => {
        try {
          // The entry itself: a link planted under a batch name is not a batch (claim removes it).
          const entry = lstatSync(join(this.dir, name));
          return { name, size: entry.isFile() ? entry.size : -1 };
        } catch {
          return { name, size: 0 };
        }
      })
      .filter((f) => f.size >= 0);
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

/** Writes a new file owner-only; fails when the name exists (a file or a link). */
function writeExclusive(path: string, body: string): void {
  const fd = openSync(path, CREATE, 0o600);
  try {
    const bytes = Buffer.from(body);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
    throw err;
  }
  closeSync(fd);
}
