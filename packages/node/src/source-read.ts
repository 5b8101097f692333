import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Bytes the reads of one capture may still take. A capture checks it before each read, so a
 * stack naming many files costs at most this much however it is spelled.
 */
export interface ReadBudget {
  bytes: number;
}

/** `refused`: never readable (not a regular file, over the per-file cap); `later`: over this capture's budget. */
export type CappedRead = string | 'refused' | 'later';

// No-follow: the path was vetted with its links resolved; a link swapped in since is not followed.
// Non-blocking: opening a FIFO must not wait for a writer (a regular file reads as usual).
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function verdict(info: Stats, maxBytes: number, budget: ReadBudget): 'refused' | 'later' | undefined {
  if (!info.isFile() || info.size > maxBytes) return 'refused';
  if (info.size > budget.bytes) return 'later';
  budget.bytes -= info.size;
  return undefined;
}

/**
 * The UTF-8 text of an open file, read up to `size` (what fstat said): a file that grew since is
 * read only up to the size that was checked.
 */
export function readOpenFileSync(fd: number, size: number): string {
  const buffer = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buffer, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return buffer.toString('utf8', 0, got);
}

/** The text of a regular file of at most `maxBytes`, checked on the descriptor it is read from. Never throws. */
export function readCappedSync(path: string, maxBytes: number, budget: ReadBudget): CappedRead {
  let fd: number | undefined;
  try {
    fd = openSync(path, FLAGS);
    const info = fstatSync(fd);
    const no = verdict(info, maxBytes, budget);
    if (no) return no;
    return readOpenFileSync(fd, info.size);
  } catch {
    return 'refused';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `readCappedSync` without blocking the event loop. Never rejects. */
export async function readCapped(path: string, maxBytes: number, budget: ReadBudget): Promise<CappedRead> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, FLAGS);
    const info = await handle.stat();
    const no = verdict(info, maxBytes, budget);
    if (no) return no;
    const buffer = Buffer.allocUnsafe(info.size);
    let got = 0;
    while (got < info.size) {
      const { bytesRead } = await handle.read(buffer, got, info.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buffer.toString('utf8', 0, got);
  } catch {
    return 'refused';
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * The budget of the current turn of the event loop: a capture runs synchronously (its causes and
 * aggregated errors included), so every read it starts shares one budget, refilled once it is done.
 */
export function budgetPerTurn(bytes: number): () => ReadBudget {
  let current: ReadBudget | undefined;
  return () => {
    if (!current) {
      current = { bytes };
      queueMicrotask(() => {
        current = undefined;
      });
    }
    return current;
  };
}
