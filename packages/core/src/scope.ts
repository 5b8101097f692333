import type { Breadcrumb, RequestInfo, User } from './types';

/** A request, or how to read it once it is needed: servers describe every request, but capture from few. */
export type RequestSource = RequestInfo | (() => RequestInfo);

/** User, tags, contexts, request and a bounded breadcrumb ring for whatever is captured inside it. */
export class Scope {
  tags: Record<string, string> = {};
  user?: User;
  contexts: Record<string, Record<string, unknown>> = {};
  private requestSource?: RequestSource;
  private crumbs: Breadcrumb[] = [];
  private head = 0;
  /** The ring is shared with clones until one side writes: a server clones a scope per request. */
  private shared = false;

  constructor(readonly maxBreadcrumbs = 100) {}

  setTag(key: string, value: string): void {
    this.tags[key] = value;
  }

  setUser(user: User | null): void {
    this.user = user ?? undefined;
  }

  setContext(name: string, context: Record<string, unknown> | null): void {
    if (context === null) delete this.contexts[name];
    else this.contexts[name] = context;
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
    if (this.shared) {
      this.crumbs = this.breadcrumbs();
      this.head = 0;
      this.shared = false;
    }
    if (this.crumbs.length < max) this.crumbs.push(crumb);
    else {
      this.crumbs[this.head] = crumb;
      this.head = (this.head + 1) % this.crumbs.length;
    }
  }

  /** Oldest first. */
  breadcrumbs(): Breadcrumb[] {
    return this.head === 0 ? this.crumbs.slice() : this.crumbs.slice(this.head).concat(this.crumbs.slice(0, this.head));
  }

  clearBreadcrumbs(): void {
    this.crumbs = [];
    this.head = 0;
    this.shared = false;
  }

  clone(): Scope {
    const copy = new Scope(this.maxBreadcrumbs);
    copy.tags = { ...this.tags };
    copy.user = this.user ? { ...this.user } : undefined;
    copy.contexts = { ...this.contexts };
    copy.requestSource = this.requestSource;
    copy.crumbs = this.crumbs;
    copy.head = this.head;
    copy.shared = this.shared = true;
    return copy;
  }
}
