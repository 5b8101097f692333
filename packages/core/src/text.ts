/** Text measures shared by the event limits, the delivery layer and the transports. */

/** Cuts `text` to at most `max` characters, ending in an ellipsis, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, Math.max(0, max - 1));
  return (/[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept) + '…';
}

/** UTF-8 bytes (what services count), without Node's Buffer: CJK text is 3 bytes a UTF-16 unit, so the unit count alone can be 3× short. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
