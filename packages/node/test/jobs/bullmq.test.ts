import type { ChildProcess } from 'node:child_process';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentBullMQProcessor, instrumentBullMQWorker } from '../../src/jobs';
import { jobContext, recordingClient, recordingSink } from './recording';
import { freePort, requireBinary, startService, stopService } from './services';

const redis = requireBinary('redis-server', 'redis-server');

/** Resolves when the worker has finished `n` jobs (completed or finally failed). */
function settled(worker: Worker, n: number): Promise<void> {
  return new Promise((resolve) => {
    let done = 0;
    const bump = () => {
      if (++done === n) resolve();
    };
    worker.on('completed', bump);
    worker.on('failed', (job) => {
      if (!job || job.attemptsMade >= (job.opts.attempts ?? 1)) bump();
    });
  });
}

describe.skipIf(!redis)('BullMQ against a real redis-server', () => {
  let server: ChildProcess | undefined;
  let connection: { host: string; port: number; maxRetriesPerRequest: null };

  beforeAll(async () => {
    const port = await freePort();
    connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
    server = await startService(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      async () => {
        const probe = new IORedis({ ...connection, lazyConnect: true, retryStrategy: () => null });
        probe.on('error', () => undefined); // refused until the server is up
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } finally {
          probe.disconnect();
        }
      },
      'redis-server',
    );
  }, 20_000);

  afterAll(() => stopService(server));

  it('instrumentBullMQProcessor: id, queue, attempt, timings; failures per attempt', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const queue = new Queue('mail', { connection });
    const processor = instrumentBullMQProcessor(
      async (job: Job<{ to: string; fail?: boolean; token?: string }>) => {
        if (job.data.fail) throw new Error(`mailbox full for ${job.name}`);
        return `sent to ${job.data.to}`;
      },
      { client, sinks: [sink], slowAfterMs: 60_000 },
    );
    const worker = new Worker('mail', processor, { connection, autorun: false });
    const done = settled(worker, 2);
    void worker.run();
    const ok = await queue.add('welcome', { to: 'user-1' });
    const bad = await queue.add('digest', { to: 'user-2', fail: true, token: 'abc123' }, { attempts: 2 });
    await done;

    expect((await queue.getJob(ok.id!))?.returnvalue).toBe('sent to user-1');
    await client.flush();
    expect(events).toHaveLength(2);
    expect(events.map((e) => jobContext(e).attempt)).toEqual([1, 2]);
    for (const e of events) {
      expect(e.tags).toMatchObject({ job: 'digest', queue: 'mail' });
      expect(e.exceptions[0]).toMatchObject({ message: 'mailbox full for digest', mechanism: { type: 'job', handled: true } });
      const ctx = jobContext(e);
      expect(ctx).toMatchObject({ name: 'digest', id: bad.id, queue: 'mail' });
      expect(JSON.stringify(ctx.args)).toContain('user-2');
      expect(JSON.stringify(ctx.args)).not.toContain('abc123');
    }
    expect(sink.total('job.welcome.ok')).toBe(1);
    expect(sink.total('job.digest.failed')).toBe(2);
    expect(sink.timings('job.welcome.duration')[0].tags).toEqual({ queue: 'mail' });
    await worker.close();
    await queue.close();
  });

  it('instrumentBullMQWorker: the same from worker events, and stop() detaches', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const queue = new Queue('reports', { connection });
    const worker = new Worker(
      'reports',
      async (job: Job<{ n: number }>) => {
        if (job.data.n === 3) throw new TypeError('division by zero');
        return job.data.n * 2;
      },
      { connection, autorun: false },
    );
    const instrumented = instrumentBullMQWorker(worker, { client, sinks: [sink], name: (job) => `${job.queueName}.${job.name}` });
    const done = settled(worker, 3);
    void worker.run();
    await queue.addBulk([1, 2, 3].map((n) => ({ name: 'build', data: { n } })));
    await done;
    await client.flush();

    expect(sink.total('job.reports.build.ok')).toBe(2);
    expect(sink.total('job.reports.build.failed')).toBe(1);
    expect(sink.timings('job.reports.build.duration')).toHaveLength(3);
    expect(events).toHaveLength(1);
    expect(events[0].exceptions[0].type).toBe('TypeError');
    expect(jobContext(events[0])).toMatchObject({ name: 'reports.build', queue: 'reports', attempt: 1 });

    instrumented.stop();
    const again = new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    await queue.add('build', { n: 5 });
    await again;
    expect(sink.total('job.reports.build.ok')).toBe(2);
    await worker.close();
    await queue.close();
  });
});

describe('instrumentBullMQProcessor and BullMQ control flow', () => {
  it('DelayedError, WaitingChildrenError, RateLimitError: BullMQ reschedules the job; not counted or reported as a failure', async () => {
    const sink = recordingSink();
    const { client, events } = recordingClient();
    const job = { id: '7', name: 'digest', queueName: 'mail', attemptsMade: 0, data: {} };
    for (const name of ['DelayedError', 'WaitingChildrenError', 'RateLimitError']) {
      const processor = instrumentBullMQProcessor(
        async () => {
          throw Object.assign(new Error('handed back to BullMQ'), { name });
        },
        { client, sinks: [sink] },
      );
      await expect(processor(job as never)).rejects.toMatchObject({ name });
    }
    await client.flush();
    expect(events).toEqual([]);
    expect(sink.total('job.digest.failed')).toBe(0);
  });
});
