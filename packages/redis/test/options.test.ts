import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisStore, type RedisStoreOptions } from '../src';

describe('redisStore options', () => {
  it.each<[string, unknown, RegExp]>([
    ['neither url nor client', {}, /one of the options "url" or "client" is required/],
    ['not an object', undefined, /takes an options object/],
    ['a URL that is not one', { url: 'localhost:6379:x' }, /option "url"/],
    ['an http URL', { url: 'http://127.0.0.1:6379' }, /option "url" must use redis:\/\/ or rediss:\/\//],
    ['both', { url: 'redis://127.0.0.1', client: {} }, /either option "url" or option "client"/],
    ['a client that is not ioredis', { client: { get() {} } }, /option "client" must be an ioredis/],
    ['an empty prefix', { url: 'redis://127.0.0.1', prefix: '' }, /option "prefix"/],
    ['ttlDays 0', { url: 'redis://127.0.0.1', ttlDays: 0 }, /option "ttlDays"/],
    ['timeoutMs NaN', { url: 'redis://127.0.0.1', timeoutMs: Number.NaN }, /option "timeoutMs"/],
    ['a misspelt option', { url: 'redis://127.0.0.1', timeout: 100 }, /unknown option "timeout" \(the options are url, client, prefix, ttlDays, timeoutMs\)/],
    ['an option it does not have', { url: 'redis://127.0.0.1', ttl: 7 }, /unknown option "ttl" /],
  ])('%s: a clear error at construction, naming the option', (_what, options, message) => {
    expect(() => redisStore(options as RedisStoreOptions)).toThrow(message);
  });

  it('takes an existing ioredis client and never closes it', async () => {
    const client = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    const store = redisStore({ client });
    await store.close();
    expect(client.status).toBe('wait'); // untouched: not connected, not ended by the store
    client.disconnect();
  });
});
