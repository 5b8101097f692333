import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from './json-schema';
import type { Site } from './site';

/** docs/event.schema.json, as published. */
export const eventSchema = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'event.schema.json'), 'utf8')) as Record<string, unknown>;

/** Every event a collector received on `path`, JSON bodies and NDJSON lines alike, as parsed from the raw bytes. */
export function receivedEvents(site: Site, path: string): Record<string, unknown>[] {
  return site.posted
    .filter((p) => p.url.split('?')[0] === path)
    .flatMap((p) => {
      if (String(p.headers['content-type']).includes('ndjson')) return p.body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      return (JSON.parse(p.body) as { events: Record<string, unknown>[] }).events;
    });
}

/** Problems of each event against the schema, prefixed with what the event was. */
export function schemaProblems(events: Record<string, unknown>[]): string[] {
  return events.flatMap((event) => validate(eventSchema, event).map((p) => `${describe(event)} ${p}`));
}

function describe(event: Record<string, unknown>): string {
  const [first] = (event.exceptions as { type: string; message: string }[] | undefined) ?? [];
  return `[${first ? `${first.type}: ${first.message}` : `message ${JSON.stringify(event.message)}`}]`;
}
