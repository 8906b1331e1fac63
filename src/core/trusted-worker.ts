interface TrustedTypePolicyFactory {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string },
  ): { createScriptURL(url: string): unknown };
}

const workerUrls = new Set<string>();
let policy: ReturnType<TrustedTypePolicyFactory['createPolicy']> | undefined;

/**
 * Under `require-trusted-types-for 'script'` a worker's URL must be a TrustedScriptURL. The library has one policy
 * (`tadamon`, created on first use) and it lets through only the library's own worker modules, each named where it
 * is started.
 */
function trusted(url: URL): string | URL {
  const factory = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (!factory) return url;
  workerUrls.add(url.href);
  policy ??= factory.createPolicy('tadamon', {
    createScriptURL: (value) => {
      if (!workerUrls.has(value)) throw new TypeError(`tadamon: unexpected worker URL ${value}`);
      return value;
    },
  });
  return policy.createScriptURL(url.href) as string;
}

/**
 * A `Worker` whose URL passes the library's Trusted Types policy. Import it only from lazily loaded modules (it
 * extends the page's `Worker` when evaluated). Bundlers bundle a worker written literally as
 * `new Worker(new URL('./x.ts', import.meta.url), { type: 'module' })`, so a module keeps that form with
 * `const Worker = TrustedWorker;`.
 */
export const TrustedWorker = class extends globalThis.Worker {
  constructor(url: URL, options: WorkerOptions) {
    super(trusted(url), options);
  }
};
