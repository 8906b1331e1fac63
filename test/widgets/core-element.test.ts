import { assert, fixture, html } from '@open-wc/testing';
import { defineElement, resolveApiBase, resolveLang } from '../../src/core/tadamon-element.js';

describe('resolveLang', () => {
  it('uses the element’s own lang, then the nearest ancestor, across shadow roots', async () => {
    const outer = await fixture<HTMLElement>(html`<section lang="ar-MA"><div></div></section>`);
    const host = outer.querySelector('div')!;
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    assert.strictEqual(resolveLang(inner), 'ar');
    inner.setAttribute('lang', 'en');
    assert.strictEqual(resolveLang(inner), 'en');
    inner.setAttribute('lang', 'de');
    assert.strictEqual(resolveLang(inner), 'fr');
  });

  it('falls back to the document language, then French', () => {
    const detached = document.createElement('div');
    const previous = document.documentElement.lang;
    try {
      document.documentElement.lang = 'zgh';
      assert.strictEqual(resolveLang(detached), 'zgh');
      document.documentElement.removeAttribute('lang');
      assert.strictEqual(resolveLang(detached), 'fr');
    } finally {
      document.documentElement.lang = previous;
    }
  });
});

describe('resolveApiBase', () => {
  it('prefers the attribute, resolves relative URLs against the page and drops trailing slashes', () => {
    assert.strictEqual(resolveApiBase('https://api.example.org/v1/'), 'https://api.example.org/v1');
    assert.strictEqual(resolveApiBase('/v1'), `${location.origin}/v1`);
    assert.strictEqual(resolveApiBase('/'), location.origin);
  });

  it('falls back to <meta name="tadamon:api-base">, else null', () => {
    assert.strictEqual(resolveApiBase(undefined), null);
    const meta = Object.assign(document.createElement('meta'), { name: 'tadamon:api-base', content: '/api' });
    document.head.append(meta);
    try {
      assert.strictEqual(resolveApiBase(''), `${location.origin}/api`);
    } finally {
      meta.remove();
    }
  });
});

describe('defineElement', () => {
  it('defines once and ignores a second definition of the same tag', () => {
    class First extends HTMLElement {}
    defineElement('tadamon-test-define', First);
    assert.doesNotThrow(() => defineElement('tadamon-test-define', First));
    assert.strictEqual(customElements.get('tadamon-test-define'), First);
  });
});
