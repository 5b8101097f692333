/** Two lowercase hex digits per byte value: a lookup is several times cheaper than `toString(16)` + `padStart`. */
export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/** 8 hex digits of the unsigned 32-bit value. */
export const hex32 = (n: number): string => HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
