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

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
const manifest = () =>
  JSON.parse(readFileSync('custom-elements.json', 'utf8')) as { modules: { declarations?: Declaration[] }[] };
const names = (list?: { name: string }[]) => (list ?? []).map((item) => item.name);

const widgets = {
  'tadamon-donation-progress': {
    attributes: ['campaign', 'api-base', 'lang', 'layout', 'live'],
    events: ['tadamon-loaded', 'tadamon-error', 'tadamon-donate-click'],
    parts: ['base', 'bar', 'donate', 'error', 'retry'],
    property: '--tadamon-donation-progress-bar-color',
  },
  'tadamon-volunteer-signup': {
    attributes: ['opportunity', 'api-base', 'lang'],
    events: ['tadamon-signup-queued', 'tadamon-signup-confirmed', 'tadamon-signup-failed'],
    parts: ['base', 'form', 'shifts', 'consent', 'submit', 'status'],
    property: '--tadamon-volunteer-signup-min-height',
  },
};

for (const [tag, expected] of Object.entries(widgets)) {
  test(`the Custom Elements Manifest describes <${tag}> from its JSDoc`, () => {
    const element = manifest()
      .modules.flatMap((module) => module.declarations ?? [])
      .find((declaration) => declaration.tagName === tag);
    assert.ok(element, `no declaration with tagName ${tag}`);
    // Exactly the public attributes: internal state must not be documented as an attribute.
    assert.deepEqual(names(element.attributes).sort(), [...expected.attributes].sort());
    for (const event of expected.events) assert.ok(names(element.events).includes(event), `event ${event}`);
    for (const part of expected.parts) assert.ok(names(element.cssParts).includes(part), `part ${part}`);
    assert.ok(names(element.cssProperties).includes(expected.property));
  });
}

for (const [entry, tag] of [
  ['donation-progress', 'tadamon-donation-progress'],
  ['volunteer-signup', 'tadamon-volunteer-signup'],
]) {
  test(`the CDN entry ${entry}.js is one file that defines <${tag}> (lazy parts only as chunks)`, () => {
    const code = readFileSync(`dist/cdn/${entry}.js`, 'utf8');
    assert.match(code, new RegExp(tag));
    // A static import (`import{a}from"./x.js"`, `import"./x.js"`), not a dynamic `import(`.
    const staticImport = /(?:^|[;}\n])\s*import\s*(?:[\w${*]|["'])/;
    assert.doesNotMatch(code, staticImport, 'no static imports: one request before the widget renders');
    assert.match('const x=1;import{a as b}from"./chunks/x.js";', staticImport, 'the check itself finds static imports');
  });
}
