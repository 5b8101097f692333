import type { Breadcrumb, RequestInfo, User } from './types';

/** User, tags, contexts, request and a bounded breadcrumb ring for whatever is captured inside it. */
export class Scope {
  tags: Record<string, string> = {};
  user?: User;
  contexts: Record<string, Record<string, unknown>> = {};
  request?: RequestInfo;
  private crumbs: Breadcrumb[] = [];
  private head = 0;

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

  setRequest(request: RequestInfo | undefined): void {
    this.request = request;
  }

  /** Ring buffer: O(1) per breadcrumb, oldest overwritten once full. */
  addBreadcrumb(crumb: Breadcrumb): void {
    if (this.maxBreadcrumbs <= 0) return;
    if (this.crumbs.length < this.maxBreadcrumbs) this.crumbs.push(crumb);
    else {
      this.crumbs[this.head] = crumb;
      this.head = (this.head + 1) % this.maxBreadcrumbs;
    }
  }

  /** Oldest first. */
  breadcrumbs(): Breadcrumb[] {
    return this.head === 0 ? this.crumbs.slice() : this.crumbs.slice(this.head).concat(this.crumbs.slice(0, this.head));
  }

  clearBreadcrumbs(): void {
    this.crumbs = [];
    this.head = 0;
  }

  clone(): Scope {
    const copy = new Scope(this.maxBreadcrumbs);
    copy.tags = { ...this.tags };
    copy.user = this.user ? { ...this.user } : undefined;
    copy.contexts = { ...this.contexts };
    copy.request = this.request;
    copy.crumbs = this.breadcrumbs();
    return copy;
  }
}
