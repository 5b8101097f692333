/** Cuts `text` to at most `max` characters, ending in an ellipsis, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/** Byte length of a string as UTF-8 (what services count), without Node's Buffer. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
