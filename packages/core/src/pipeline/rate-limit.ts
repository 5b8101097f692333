import type { RateLimitRule } from '../types';
import { setBounded } from './bounded-map';

interface Bucket {
  tokens: number;
  updated: number;
}

/** Token bucket: `max` events at once, refilled at `max` per `intervalMs`. */
export class TokenBucket {
  private readonly bucket: Bucket;
  constructor(private readonly rule: RateLimitRule, now = 0) {
    this.bucket = { tokens: rule.max, updated: now };
  }

  take(now: number): boolean {
    return takeFrom(this.bucket, this.rule, now);
  }
}

function takeFrom(bucket: Bucket, rule: RateLimitRule, now: number): boolean {
  const elapsed = now - bucket.updated;
  if (elapsed > 0) {
    bucket.tokens = Math.min(rule.max, bucket.tokens + (elapsed * rule.max) / rule.intervalMs);
    bucket.updated = now;
  }
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** Per-fingerprint buckets first (one noisy bug cannot starve the rest), then the global one. Returns `allow(fingerprint, now)`. */
export function createRateLimiter(rules: { perFingerprint?: RateLimitRule; global?: RateLimitRule }): (fingerprint: string, now: number) => boolean {
  const perFingerprint = new Map<string, Bucket>();
  const { perFingerprint: rule, global: globalRule } = rules;
  const global: Bucket | undefined = globalRule && { tokens: globalRule.max, updated: 0 };
  return (fingerprint, now) => {
    if (rule) {
      let bucket = perFingerprint.get(fingerprint);
      if (!bucket) setBounded(perFingerprint, fingerprint, (bucket = { tokens: rule.max, updated: now }), 10_000);
      if (!takeFrom(bucket, rule, now)) return false;
    }
    if (global && globalRule) {
      if (global.updated === 0) global.updated = now;
      return takeFrom(global, globalRule, now);
    }
    return true;
  };
}
