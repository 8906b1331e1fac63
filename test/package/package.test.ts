// What a consumer of the npm package gets, checked on the build `npm test` just made.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | object> };

test('every export resolves to a built file', () => {
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const files = typeof target === 'string' ? [target] : Object.values(target as Record<string, string>);
    for (const file of files) assert.ok(existsSync(file), `${entry} → ${file} is missing`);
  }
});

test('the Custom Elements Manifest describes <tadamon-donation-progress> from its JSDoc', () => {
  interface Declaration {
    tagName?: string;
    attributes?: { name: string }[];
    events?: { name: string }[];
    cssParts?: { name: string }[];
    cssProperties?: { name: string }[];
  }
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const element = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName === 'tadamon-donation-progress');
  assert.ok(element, 'no declaration with tagName tadamon-donation-progress');
  const names = (list?: { name: string }[]) => (list ?? []).map((item) => item.name);
  for (const attribute of ['campaign', 'api-base', 'lang', 'layout', 'live']) {
    assert.ok(names(element.attributes).includes(attribute), `attribute ${attribute}`);
  }
  for (const event of ['tadamon-loaded', 'tadamon-error', 'tadamon-donate-click']) {
    assert.ok(names(element.events).includes(event), `event ${event}`);
  }
  for (const part of ['base', 'bar', 'donate', 'error', 'retry']) assert.ok(names(element.cssParts).includes(part));
  assert.ok(names(element.cssProperties).includes('--tadamon-donation-progress-bar-color'));
});

test('the CDN entry is one file that defines the element (lazy parts only as chunks)', () => {
  const code = readFileSync('dist/cdn/donation-progress.js', 'utf8');
  assert.match(code, /tadamon-donation-progress/);
  // A static import (`import{a}from"./x.js"`, `import"./x.js"`), not a dynamic `import(`.
  const staticImport = /(?:^|[;}\n])\s*import\s*(?:[\w${*]|["'])/;
  assert.doesNotMatch(code, staticImport, 'no static imports: one request before the widget renders');
  assert.match('const x=1;import{a as b}from"./chunks/x.js";', staticImport, 'the check itself finds static imports');
});
