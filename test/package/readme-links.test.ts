// The README is read on the registry and in a fresh clone: every file it links to or names by a relative path must
// be in the repository, never beside it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { test } from 'node:test';

const readme = readFileSync('README.md', 'utf8');
const root = resolve('.');

/** Link targets: Markdown `[text](target)` and `![alt](target)`, HTML `src`/`href`, and `<autolinks>`. */
function linkTargets(markdown: string): string[] {
  const markdownLinks = [...markdown.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const htmlLinks = [...markdown.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  const referenceLinks = [...markdown.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1]);
  return [...markdownLinks, ...htmlLinks, ...referenceLinks];
}

const isExternal = (target: string) => /^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(target);

test('README links only to files inside the repository, and each exists', () => {
  const local = linkTargets(readme).filter((target) => !isExternal(target));
  assert.ok(local.includes('docs/screenshot-ar.png'), 'the parser finds the README image');
  for (const target of local) {
    const path = resolve(root, decodeURI(target.split('#')[0]));
    const inside = relative(root, path);
    assert.ok(!inside.startsWith('..') && !target.startsWith('/'), `${target} points outside the repository`);
    assert.ok(existsSync(path), `${target} does not exist`);
  }
});

test('README names no path outside the repository, even as code', () => {
  assert.doesNotMatch(readme, /(^|[\s(`'"])\.\.\//m);
});

test('the link check itself sees an outside link', () => {
  assert.deepEqual(
    linkTargets('![x](../shared/API.md) <img src="docs/a.png"> [y](https://example.org)').filter(
      (target) => !isExternal(target),
    ),
    ['../shared/API.md', 'docs/a.png'],
  );
});
