import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError, toApiError, type ApiError } from './api-error.js';

export type ResourceStatus = 'initial' | 'pending' | 'complete' | 'error';

export interface ResourceOptions<T, A extends readonly unknown[]> {
  /** The inputs; the resource reloads when one changes. Return null to not load (yet). */
  args: () => A | null;
  task: (args: A, signal: AbortSignal) => Promise<T>;
  onComplete?: (value: T) => void;
  onError?: (error: ApiError) => void;
}

/**
 * Loads one resource for a host element: reloads when its inputs change, aborts
 * on disconnect, and exposes `status`, `value`, `error` and `retry()` for rendering.
 * A smaller cousin of `@lit/task` that maps every failure to an `ApiError`.
 */
export class ResourceController<T, A extends readonly unknown[] = readonly unknown[]> implements ReactiveController {
  status: ResourceStatus = 'initial';
  value?: T;
  error?: ApiError;

  private lastArgs?: A;
  private abortController?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ResourceOptions<T, A>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Reattached after a disconnect aborted the load: run an update so it loads again.
    if (!this.lastArgs) this.host.requestUpdate();
  }

  hostUpdate(): void {
    const args = this.options.args();
    if (!args || (this.lastArgs && sameArgs(args, this.lastArgs))) return;
    // Another resource now: never show the previous one while the new one loads.
    if (this.lastArgs) this.value = this.error = undefined;
    this.run(args);
  }

  hostDisconnected(): void {
    this.abortController?.abort();
    // Reload on reconnection: the data may be stale and the last load was cut short.
    this.lastArgs = undefined;
  }

  /** Loads again with the same inputs (the Retry button). */
  retry(): void {
    const args = this.options.args();
    if (args) this.run(args);
    this.host.requestUpdate();
  }

  /** Replaces the value from another source (a live update) without reloading. */
  setValue(value: T): void {
    this.value = value;
    this.status = 'complete';
    this.error = undefined;
    this.host.requestUpdate();
  }

  private run(args: A): void {
    this.lastArgs = args;
    this.abortController?.abort();
    const abortController = new AbortController();
    this.abortController = abortController;
    this.status = 'pending';
    this.options.task(args, abortController.signal).then(
      (value) => {
        if (abortController.signal.aborted) return;
        this.value = value;
        this.error = undefined;
        this.status = 'complete';
        this.host.requestUpdate();
        this.options.onComplete?.(value);
      },
      (error: unknown) => {
        if (abortController.signal.aborted || isAbortError(error)) return;
        this.error = toApiError(error);
        this.status = 'error';
        this.host.requestUpdate();
        this.options.onError?.(this.error);
      },
    );
  }
}

type Loaded = Pick<ResourceController<unknown>, 'value' | 'status' | 'error' | 'retry'>;
type Values<R extends readonly Loaded[]> = { [K in keyof R]: NonNullable<R[K]['value']> };

/**
 * Several resources as one, for a view that needs them all (`loadedView`): its value once every one has one, the
 * first error, pending while any loads, and Retry reloads those that failed.
 */
export function allResources<const R extends readonly Loaded[]>(...resources: R) {
  const values = resources.map((resource) => resource.value);
  const failed = resources.filter((resource) => resource.status === 'error');
  const status = (): ResourceStatus => {
    if (failed.length) return 'error';
    if (resources.some((resource) => resource.status === 'pending')) return 'pending';
    return resources.every((resource) => resource.status === 'complete') ? 'complete' : 'initial';
  };
  return {
    value: values.every((value) => value !== undefined) ? (values as Values<R>) : undefined,
    error: failed[0]?.error,
    status: status(),
    retry: () => failed.forEach((resource) => resource.retry()),
  };
}

function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
