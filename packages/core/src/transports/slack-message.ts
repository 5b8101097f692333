import type { BugDecision } from '../pipeline/bug-state';
import type { Event, Frame } from '../types';
import { headline } from './console';
import { truncate } from '../text';

/** Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const MAX_FRAMES = 5;

/** Slack mrkdwn needs only these three escaped. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes, then truncates without leaving half an entity behind. */
function mrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return truncate(escaped, max).replace(/&[a-z]{0,3}…$/, '…');
}

function frameLine(frame: Frame): string {
  return `at ${frame.function || '<anonymous>'} (${frame.file ?? '?'}:${frame.line ?? '?'}:${frame.column ?? '?'})`;
}

/** The top in-app frames, innermost first; the top frames when none is in-app. */
function topFrames(event: Event): string[] {
  const frames = [...(event.exceptions[0]?.frames ?? [])].reverse();
  const inApp = frames.filter((f) => f.inApp);
  return (inApp.length > 0 ? inApp : frames).slice(0, MAX_FRAMES).map(frameLine);
}

/** A Slack user id (U024BE7LH, W…) becomes a mention; anything else is plain, escaped text. */
export function slackMention(who: string): string {
  return /^[UW][A-Z0-9]{6,}$/.test(who) ? `<@${who}>` : mrkdwn(who, 200);
}

/** Status, assignee and bugmaster fields, for the posts that know them. */
function people(notice: SlackNotice): Record<string, unknown>[] {
  const fields: Record<string, unknown>[] = [];
  if (notice.status && notice.status !== 'open') fields.push({ type: 'mrkdwn', text: `*Status*\n${notice.status}` });
  if (notice.assignee) fields.push({ type: 'mrkdwn', text: `*Assignee*\n${slackMention(notice.assignee)}` });
  if (notice.bugmaster) fields.push({ type: 'mrkdwn', text: `*Bugmaster*\n${slackMention(notice.bugmaster)}` });
  return fields;
}

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** What a post says besides the event: why it posts now, and who is on it. */
export interface SlackNotice extends Partial<Pick<BugDecision, 'notice' | 'assignee' | 'status'>> {
  /** The bugmaster on duty: a Slack user id (mentioned) or a name. */
  bugmaster?: string;
}

function titleOf(event: Event, count: number, notice: SlackNotice['notice']): string {
  if (notice === 'regressed') return `Regressed: ${headline(event)}`;
  if (notice === 'snoozeEnded') return `Snooze ended (×${count}): ${headline(event)}`;
  if (notice === 'new' || (notice === undefined && count <= 1)) return `New error: ${headline(event)}`;
  return `×${count}: ${headline(event)}`;
}

/** The bugmaster's inbox entry for one bug: new, past a threshold, snooze ended or regressed. */
export function slackMessage(event: Event, count: number, nextThreshold: number, notice: SlackNotice = {}): SlackMessage {
  const ex = event.exceptions[0];
  const title = titleOf(event, count, notice.notice);
  const where = `${event.environment}${event.release ? ` · ${event.release}` : ''}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: mrkdwn(ex ? `*${ex.type}*: ${ex.message}` : `*${event.level}*: ${event.message ?? ''}`, SECTION_MAX) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Environment*\n${mrkdwn(event.environment, FIELD_MAX - 20)}` },
        { type: 'mrkdwn', text: `*Release*\n${mrkdwn(event.release ?? '(none)', FIELD_MAX - 20)}` },
        { type: 'mrkdwn', text: `*Count*\n${count} (next alert at ${nextThreshold})` },
        { type: 'mrkdwn', text: `*Level*\n${event.level}${ex && !ex.mechanism.handled ? ' (unhandled)' : ''}` },
        { type: 'mrkdwn', text: `*Fingerprint*\n\`${event.fingerprint}\`` },
        ...people(notice),
      ],
    },
  ];
  const frames = topFrames(event);
  if (frames.length > 0) {
    // Inside a code block only the fence itself could break out.
    const code = frames.join('\n').replace(/```/g, "'''");
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '```' + mrkdwn(code, SECTION_MAX - 6) + '```' } });
  }
  const request = event.request ? ` · ${event.request.method} ${event.request.url}` : '';
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: mrkdwn(`event ${event.id} · ${event.timestamp}${request} · ${event.sdk.name} ${event.sdk.version}`, FIELD_MAX) }],
  });
  // The fallback (notifications, screen readers) is mrkdwn too: an error message must not inject <!channel> or a disguised link.
  const text = mrkdwn(`[${where}] ${headline(event)} (seen ${count}×)`, SECTION_MAX);
  return { text, blocks };
}
