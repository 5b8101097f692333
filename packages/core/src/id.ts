import { HEX } from './hex';

const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let offset = POOL_BYTES;

/** Draws 16 bytes from a pool (one CSPRNG call per 256 ids instead of one per id: it is a syscall in Node); returns their offset. */
function take16(): number {
  if (offset + 16 > pool.length) {
    pool = new Uint8Array(POOL_BYTES);
    const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
    if (c?.getRandomValues) c.getRandomValues(pool);
    else for (let i = 0; i < POOL_BYTES; i++) pool[i] = (Math.random() * 256) | 0;
    offset = 0;
  }
  offset += 16;
  return offset - 16;
}

/** 32 lowercase hex chars (a UUID v4 without dashes), from the platform's CSPRNG when it has one. */
export function eventId(): string {
  const at = take16();
  pool[at + 6] = (pool[at + 6] & 0x0f) | 0x40;
  pool[at + 8] = (pool[at + 8] & 0x3f) | 0x80;
  let out = '';
  for (let i = at; i < at + 16; i++) out += HEX[pool[i]];
  return out;
}
