import type { Breadcrumb, RequestInfo, User } from './types';

/** A request, or how to read it once it is needed: servers describe every request, but capture from few. */
export type RequestSource = RequestInfo | (() => RequestInfo);

/** What a scope's methods write (the public fields are read-only): see `own`. */
interface Writable {
  tags: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  crumbs: Breadcrumb[];
  shared: boolean;
}

/** User, tags, contexts, request and the newest breadcrumbs for whatever is captured inside it. */
export class Scope {
  /**
   * Tags, contexts and breadcrumbs are shared with clones until one side writes: a server clones a
   * scope per request, and most requests never write to it.
   */
  readonly tags: Readonly<Record<string, string>>;
  readonly contexts: Readonly<Record<string, Record<string, unknown>>>;
  /** Replaced, never mutated, by setUser: clones can share it. */
  user?: User;
  private requestSource?: RequestSource;
  /** Oldest first; the newest `maxBreadcrumbs` of them count (see addBreadcrumb). */
  private crumbs: Breadcrumb[];
  private shared: boolean;

  /** With `parent`: a clone of it (what `clone()` returns), sharing its data until a write. */
  constructor(
    readonly maxBreadcrumbs = 100,
    parent?: Scope,
  ) {
    this.tags = parent ? parent.tags : {};
    this.contexts = parent ? parent.contexts : {};
    this.user = parent?.user;
    this.requestSource = parent?.requestSource;
    this.crumbs = parent ? parent.crumbs : [];
    this.shared = !!parent;
    if (parent) parent.shared = true;
  }

  setTag(key: string, value: string): void {
    this.own().tags[key] = value;
  }

  setUser(user: User | null): void {
    this.user = user ?? undefined;
  }

  setContext(name: string, context: Record<string, unknown> | null): void {
    const contexts = this.own().contexts;
    if (context === null) delete contexts[name];
    else contexts[name] = context;
  }

  /** A function is called at most once, when an event is built from this scope. */
  setRequest(request: RequestSource | undefined): void {
    this.requestSource = request;
  }

  get request(): RequestInfo | undefined {
    const source = this.requestSource;
    if (typeof source === 'function') this.requestSource = source();
    return this.requestSource as RequestInfo | undefined;
  }

  /**
   * Kept newest last, up to twice `maxBreadcrumbs` and then cut back in one go: O(1) per breadcrumb
   * amortised (dropping the oldest one by one moves every other).
   */
  addBreadcrumb(crumb: Breadcrumb): void {
    const max = this.maxBreadcrumbs;
    if (!(max >= 1)) return; // NaN, 0 or negative keep nothing
    const crumbs = this.own().crumbs;
    if (crumbs.push(crumb) >= 2 * max) crumbs.splice(0, crumbs.length - max);
  }

  /** The newest `maxBreadcrumbs` (a whole number: the options floor it), oldest first. */
  breadcrumbs(): Breadcrumb[] {
    return this.crumbs.slice(-this.maxBreadcrumbs);
  }

  clearBreadcrumbs(): void {
    this.own().crumbs = [];
  }

  clone(): Scope {
    return new Scope(this.maxBreadcrumbs, this);
  }

  /** Before the first write after a clone: this side gets its own copies. */
  private own(): Writable {
    const data = this as unknown as Writable;
    if (data.shared) {
      data.shared = false;
      data.tags = { ...data.tags };
      data.contexts = { ...data.contexts };
      data.crumbs = this.breadcrumbs();
    }
    return data;
  }
}
