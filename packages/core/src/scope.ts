import type { Breadcrumb, RequestInfo, User } from './types';

/** A request, or how to read it once it is needed: servers describe every request, but capture from few. */
export type RequestSource = RequestInfo | (() => RequestInfo);

/** User, tags, contexts, request and a bounded breadcrumb ring for whatever is captured inside it. */
export class Scope {
  private ownTags: Record<string, string>;
  private ownContexts: Record<string, Record<string, unknown>>;
  /** Replaced, never mutated, by setUser: clones can share it. */
  user?: User;
  private requestSource?: RequestSource;
  private crumbs: Breadcrumb[];
  private head: number;
  /**
   * Tags, contexts and the breadcrumb ring are shared with clones until one side writes: a
   * server clones a scope per request, and most requests never write to it.
   */
  private shared: boolean;

  /** With `parent`: a clone of it (what `clone()` returns), sharing its data until a write. */
  constructor(
    readonly maxBreadcrumbs = 100,
    parent?: Scope,
  ) {
    this.ownTags = parent ? parent.ownTags : {};
    this.ownContexts = parent ? parent.ownContexts : {};
    this.user = parent?.user;
    this.requestSource = parent?.requestSource;
    this.crumbs = parent ? parent.crumbs : [];
    this.head = parent ? parent.head : 0;
    this.shared = !!parent;
    if (parent) parent.shared = true;
  }

  get tags(): Readonly<Record<string, string>> {
    return this.ownTags;
  }

  get contexts(): Readonly<Record<string, Record<string, unknown>>> {
    return this.ownContexts;
  }

  setTag(key: string, value: string): void {
    this.own();
    this.ownTags[key] = value;
  }

  setUser(user: User | null): void {
    this.user = user ?? undefined;
  }

  setContext(name: string, context: Record<string, unknown> | null): void {
    this.own();
    if (context === null) delete this.ownContexts[name];
    else this.ownContexts[name] = context;
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

  /** Ring buffer: O(1) per breadcrumb, the oldest overwritten once full. */
  addBreadcrumb(crumb: Breadcrumb): void {
    const max = this.maxBreadcrumbs;
    if (!(max >= 1)) return; // NaN, 0 or negative keep nothing
    this.own();
    if (this.crumbs.length < max) this.crumbs.push(crumb);
    else {
      this.crumbs[this.head] = crumb;
      this.head = (this.head + 1) % this.crumbs.length;
    }
  }

  /** Oldest first. */
  breadcrumbs(): Breadcrumb[] {
    return this.crumbs.slice(this.head).concat(this.crumbs.slice(0, this.head));
  }

  clearBreadcrumbs(): void {
    this.own();
    this.crumbs = [];
    this.head = 0;
  }

  clone(): Scope {
    return new Scope(this.maxBreadcrumbs, this);
  }

  /** Before the first write after a clone: this side gets its own copies. */
  private own(): void {
    if (!this.shared) return;
    this.shared = false;
    this.ownTags = { ...this.ownTags };
    this.ownContexts = { ...this.ownContexts };
    this.crumbs = this.breadcrumbs();
    this.head = 0;
  }
}
