/**
 * State the whole process shares. An app that mixes ESM and CommonJS loads the SDK twice (the
 * `import` and the `require` build are two module instances): what must be one per process — the
 * current client, the async-local scope, job monitors — lives on `globalThis` under a registered
 * symbol, which both copies (and every version of them) resolve to the same slot.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`bugmastery.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  let value = slots[key];
  if (value === undefined) {
    value = create();
    try {
      // Not enumerable (defineProperty's default): it stays out of the way of code that walks globalThis.
      Object.defineProperty(slots, key, { value, configurable: true, writable: true });
    } catch {
      /* a frozen global (SES lockdown): this copy keeps its own state rather than failing to load */
    }
  }
  return value;
}
