import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../../core/test/collector';
import { bugmastery, runFleet } from './fleet';
import { hasRedis, redisServer, type RedisServer } from './redis-server';

type Json = Record<string, any>;

/**
 * The bugmaster's week with real parts: a redis-server, fleets of worker processes throwing one
 * bug through slackTransport({ counter: redisStore() }), the built CLI in child processes, and a
 * local collector standing in for Slack. Each transition happens while several processes report.
 */
describe.skipIf(!hasRedis)('the bugmaster workflow across a fleet', () => {
  let redis: RedisServer;
  let slack: Collector;
  let other: Collector;
  const prefix = 'week:';
  const rotation = { people: ['U024BE7LH', 'ana'], startsOn: '2026-01-05' };

  beforeAll(async () => {
    redis = await redisServer();
    [slack, other] = await Promise.all([startCollector(), startCollector()]);
  });
  afterAll(async () => {
    await Promise.all([slack?.close(), other?.close(), redis?.stop()]);
  });

  const fleet = (processes: number, captures: number) =>
    runFleet(processes, { redisUrl: redis.url, slackUrl: slack.url, otherUrl: other.url, prefix, captures, timeoutMs: 5000, rotation });
  const cli = (...args: string[]) => bugmastery([...args, '--redis', redis.url, '--prefix', prefix]);
  const headers = () => slack.requests.map((r) => (JSON.parse(r.body) as Json).blocks[0].text.text as string);
  const fieldsOf = (i: number) => Object.fromEntries(((JSON.parse(slack.requests[i].body) as Json).blocks[2].fields as Json[]).map((f) => (f.text as string).split('\n')));

  it('new → snoozed for 100 → snooze ended → resolved → regressed → assigned → inbox zero, one post per transition', async () => {
    // New: three processes at once, one post.
    await fleet(3, 1);
    expect(headers()).toEqual(['New error: TypeError: card declined: amount is not a number']);
    expect(fieldsOf(0)['*Bugmaster*']).toMatch(/^<@U024BE7LH>$|^ana$/);
    const inbox = await cli('inbox', '--json');
    expect(inbox.code).toBe(0);
    const [bug] = JSON.parse(inbox.stdout) as Json[];
    expect(bug).toMatchObject({ title: 'TypeError: card declined: amount is not a number', status: 'open', count: 3, assignee: null });
    expect(Date.parse(bug.firstSeen)).toBeLessThanOrEqual(Date.parse(bug.lastSeen));
    const fp = bug.fingerprint as string;

    // Snoozed for 100 more: nothing at 10 or 100 total; the occurrence that brings it to 103 posts once.
    const snoozed = await cli('snooze', fp.slice(0, 8), '--occurrences', '100');
    expect(snoozed.code).toBe(0);
    expect(snoozed.stdout).toContain('snoozed until the count reaches 103');
    expect(JSON.parse((await cli('inbox', '--json')).stdout)).toEqual([]);
    await fleet(3, 30); // 93 in all: 10 and 100 pass silently while snoozed
    expect(headers()).toHaveLength(1);
    await fleet(3, 10); // 123: the snooze ended at 103 (the post shows the count when it was decided)
    expect(headers().slice(1)).toHaveLength(1);
    expect(headers()[1]).toMatch(/^Snooze ended \(×1[0-2]\d\): TypeError: card declined: amount is not a number$/);

    // Resolved: quiet until it happens again, then one "regressed" post from the whole fleet.
    expect((await cli('resolve', fp)).code).toBe(0);
    await fleet(4, 2); // 8 occurrences: counting restarts at the regression, so 10 is not reached yet
    expect(headers().slice(2)).toEqual(['Regressed: TypeError: card declined: amount is not a number']);
    expect((JSON.parse((await cli('show', fp, '--json')).stdout) as Json).status).toBe('open');

    // Assigned: off the inbox, on the assignee's list.
    const assigned = await cli('assign', fp, 'ana', '--json');
    expect(JSON.parse(assigned.stdout)).toMatchObject({ fingerprint: fp, status: 'assigned', assignee: 'ana' });
    expect((await cli('inbox')).stdout).toContain('Inbox zero');
    const mine = JSON.parse((await cli('inbox', '--mine', 'ana', '--json')).stdout) as Json[];
    expect(mine.map((b) => b.fingerprint)).toEqual([fp]);
    const all = JSON.parse((await cli('inbox', '--all', '--json')).stdout) as Json[];
    expect(all.map((b) => b.status)).toEqual(['assigned']);
    const inboxText = await cli('inbox');
    expect(inboxText.code).toBe(0);
    expect(inboxText.stdout.trim()).toBe('Inbox zero: no open bug needs the bugmaster.');
  });

  it('the bugmaster: the rotation the Slack transport stored, and an override for this period from the CLI', async () => {
    const duty = JSON.parse((await cli('bugmaster', '--json')).stdout) as Json;
    expect(['U024BE7LH', 'ana']).toContain(duty.bugmaster);
    const set = await cli('bugmaster', '--set', 'ben', '--json');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).bugmaster).toBe('ben');
    expect((await cli('bugmaster')).stdout.trim()).toBe('ben (set for this period)');
    // The next post names the override.
    const before = slack.requests.length;
    await cli('resolve', JSON.parse((await cli('inbox', '--all', '--json')).stdout)[0].fingerprint);
    await fleet(2, 1);
    expect(slack.requests.length).toBe(before + 1);
    expect(fieldsOf(before)['*Bugmaster*']).toBe('ben');
  });
});
