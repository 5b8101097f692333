import { HEX } from './hex';

const POOL_BYTES = 4096;
let pool = new Uint8Array(POOL_BYTES);
/** Next unused byte of `pool`: at the end, the first id refills it. */
let offset = POOL_BYTES;

/**
 * 32 lowercase hex chars (a UUID v4 without dashes), from the platform's CSPRNG when it has one. The
 * bytes come from a pool: one CSPRNG call per 256 ids instead of one per id (it is a syscall in Node).
 */
export function eventId(): string {
  if (offset === POOL_BYTES) {
    const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
    if (c?.getRandomValues) c.getRandomValues(pool);
    else for (let i = 0; i < POOL_BYTES; i++) pool[i] = (Math.random() * 256) | 0;
    offset = 0;
  }
  const at = offset;
  const end = (offset += 16);
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x40;
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80;
  let out = '';
  for (let i = at; i < end; i++) out += HEX[pool[i]];
  return out;
}
