// The browser tests run in Mocha (through @web/test-runner); @types/mocha is not installed,
// so declare the few globals they use.
declare global {
  function describe(title: string, suite: () => void): void;
  function it(title: string, test: () => void | Promise<unknown>): void;
  namespace it {
    function skip(title: string, test?: () => void | Promise<unknown>): void;
  }
  function beforeEach(hook: () => void | Promise<unknown>): void;
  function afterEach(hook: () => void | Promise<unknown>): void;
}

export {};
