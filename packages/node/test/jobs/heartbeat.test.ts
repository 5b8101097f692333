import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrumentJob, monitorHeartbeat } from '../../src/jobs';
import { jobContext, recordingClient, recordingSink } from './recording';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('monitorHeartbeat', () => {
  it('reports missed once per missed window, and a recovery breadcrumb when the job runs again', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const job = instrumentJob('nightly', () => 'ran', { client, sinks: [] });
    const hb = monitorHeartbeat('nightly', { everyMs: 100, graceMs: 20, client, sinks: [sink] });

    job();
    vi.advanceTimersByTime(119);
    expect(hb.missed).toBe(0);
    vi.advanceTimersByTime(2); // 121 ms after the run: first window missed
    expect(hb.missed).toBe(1);
    vi.advanceTimersByTime(50);
    expect(hb.missed).toBe(1); // still the same window: no second report
    vi.advanceTimersByTime(50); // next window
    expect(hb.missed).toBe(2);
    expect(sink.total('job.nightly.missed')).toBe(2);

    job(); // recovery
    expect(hb.missed).toBe(0);
    expect(sink.total('job.nightly.recovered')).toBe(1);
    const crumb = client.getScope().breadcrumbs().find((b) => b.category === 'job.heartbeat');
    expect(crumb?.message).toContain('ran again after 2 missed window');

    vi.advanceTimersByTime(119);
    expect(hb.missed).toBe(0);
    const timers = vi.getTimerCount();
    hb.stop();
    // Its own timer is gone (the client's batch timer may remain).
    expect(vi.getTimerCount()).toBe(timers - 1);
    vi.useRealTimers();

    await client.flush();
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.exceptions[0].type).toBe('MissedJobError');
      expect(e.level).toBe('error');
      expect(e.tags.job).toBe('nightly');
    }
    expect(events[0].fingerprint).toBe(events[1].fingerprint);
    expect(jobContext(events[1])).toMatchObject({ name: 'nightly', everyMs: 100, graceMs: 20, missedWindows: 2 });
  });

  it('a failed run is not a beat; beat() works for jobs that are not wrapped', () => {
    const sink = recordingSink();
    const failing = instrumentJob('sync-crm', () => {
      throw new Error('down');
    }, { sinks: [] });
    const hb = monitorHeartbeat('sync-crm', { everyMs: 50, sinks: [sink] });
    vi.advanceTimersByTime(30);
    expect(() => failing()).toThrow('down');
    vi.advanceTimersByTime(25);
    expect(hb.missed).toBe(1);
    hb.beat();
    expect(hb.missed).toBe(0);
    vi.advanceTimersByTime(49);
    expect(hb.missed).toBe(0);
    hb.stop();
  });

  it('works with no client at all (metrics only) and rejects a bad interval', () => {
    const sink = recordingSink();
    const hb = monitorHeartbeat('orphan', { everyMs: 10, sinks: [sink] });
    vi.advanceTimersByTime(35);
    expect(sink.total('job.orphan.missed')).toBe(3);
    hb.stop();
    expect(() => monitorHeartbeat('bad', { everyMs: 0 })).toThrow(TypeError);
  });
});
