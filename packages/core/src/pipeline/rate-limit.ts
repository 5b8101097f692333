import type { RateLimitRule } from '../types';
import { BoundedMap } from './bounded-map';

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

/** Per-fingerprint buckets first (one noisy bug cannot starve the rest), then the global one. */
export class RateLimiter {
  private readonly perFingerprint = new BoundedMap<Bucket>(10_000);
  private readonly global?: Bucket;

  constructor(private readonly rules: { perFingerprint?: RateLimitRule; global?: RateLimitRule }) {
    if (rules.global) this.global = { tokens: rules.global.max, updated: 0 };
  }

  allow(fingerprint: string, now: number): boolean {
    const rule = this.rules.perFingerprint;
    if (rule) {
      let bucket = this.perFingerprint.get(fingerprint);
      if (!bucket) {
        bucket = { tokens: rule.max, updated: now };
        this.perFingerprint.set(fingerprint, bucket);
      }
      if (!takeFrom(bucket, rule, now)) return false;
    }
    if (this.global && this.rules.global) {
      if (this.global.updated === 0) this.global.updated = now;
      return takeFrom(this.global, this.rules.global, now);
    }
    return true;
  }
}
