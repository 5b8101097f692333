import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type ScriptReply = Array<string | number>;

/** EVALSHA; when the server does not have the script yet (a restart, a new server), SCRIPT LOAD it once and run it again. */
export function scriptRunner(source: string): (client: Redis, keys: string[], args: Array<string | number>) => Promise<ScriptReply> {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (client, keys, args) => {
    const run = async (): Promise<ScriptReply> => (await client.evalsha(sha, keys.length, ...keys, ...args)) as ScriptReply;
    try {
      return await run();
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
      await client.script('LOAD', source);
      return run();
    }
  };
}
