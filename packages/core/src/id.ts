const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let offset = POOL_BYTES;

/** Random bytes drawn from a pool: one CSPRNG call per 256 ids instead of one per id (it is a syscall in Node). */
function randomBytes16(): Uint8Array {
  if (offset + 16 > pool.length) {
    pool = new Uint8Array(POOL_BYTES);
    const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
    if (c?.getRandomValues) c.getRandomValues(pool);
    else for (let i = 0; i < POOL_BYTES; i++) pool[i] = (Math.random() * 256) | 0;
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** 32 lowercase hex chars (a UUID v4 without dashes), from the platform's CSPRNG when it has one. */
export function eventId(): string {
  const b = randomBytes16();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let out = '';
  for (let i = 0; i < 16; i++) out += HEX[b[i]];
  return out;
}
