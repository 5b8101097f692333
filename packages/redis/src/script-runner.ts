import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptReply = Array<string | number>;

/** EVALSHA, and EVAL once when the server does not have the script yet (a restart, a new server). */
export function scriptRunner(source: string): (client: Redis, keys: string[], args: Array<string | number>) => Promise<ScriptReply> {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (client, keys, args) => {
    try {
      return (await client.evalsha(sha, keys.length, ...keys, ...args)) as ScriptReply;
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
      return (await client.eval(source, keys.length, ...keys, ...args)) as ScriptReply;
    }
  };
}
