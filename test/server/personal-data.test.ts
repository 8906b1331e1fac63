import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv } from '../../server/src/services/csv.js';
import { canonicalJson, requestHash } from '../../server/src/services/idempotency.js';
import { normaliseEmail, normaliseMoroccanPhone, normaliseName } from '../../server/src/services/personal-data.js';

describe('Moroccan phone numbers', () => {
  test('national and international forms, with spaces, dots or dashes, become E.164', () => {
    const cases: [string, string][] = [
      ['0612345678', '+212612345678'],
      ['06 12 34 56 78', '+212612345678'],
      ['06.12.34.56.78', '+212612345678'],
      ['06-12-34-56-78', '+212612345678'],
      ['0712345678', '+212712345678'],
      ['0522 12 34 56', '+212522123456'],
      ['+212612345678', '+212612345678'],
      ['+212 6 12 34 56 78', '+212612345678'],
      ['+212-7.12.34.56.78', '+212712345678'],
      ['00212612345678', '+212612345678'],
      ['00 212 5 22 12 34 56', '+212522123456'],
      ['  0612345678  ', '+212612345678'],
    ];
    for (const [input, expected] of cases) assert.equal(normaliseMoroccanPhone(input), expected, input);
  });

  test('anything else is refused', () => {
    for (const input of [
      '',
      '612345678',
      '0812345678',
      '0412345678',
      '061234567',
      '06123456789',
      '+33612345678',
      '+2120612345678',
      '0021206123456',
      '06 12 34 56 7a',
      '(06) 12 34 56 78',
      '06/12/34/56/78',
      '+212+612345678',
      '٠٦١٢٣٤٥٦٧٨',
    ]) {
      assert.equal(normaliseMoroccanPhone(input), undefined, input);
    }
  });
});

describe('names and emails', () => {
  test('names are trimmed and NFC-normalised', () => {
    assert.equal(normaliseName('  Itto  '), 'Itto');
    const decomposed = 'Zine\u0301b';
    assert.equal(normaliseName(decomposed), 'Zin\u00e9b');
    assert.equal(normaliseName(' ⵉⵟⵟⵓ '), 'ⵉⵟⵟⵓ');
  });

  test('emails are trimmed and lowercased', () => {
    assert.equal(normaliseEmail('  Itto.Oubaha@Example.ORG '), 'itto.oubaha@example.org');
  });
});

describe('CSV', () => {
  test('quotes commas, quotes and line breaks', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(false), 'false');
    assert.equal(csvCell(3), '3');
  });

  test('neutralises spreadsheet formulas with a leading apostrophe', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    assert.equal(csvCell('+212612345678'), "'+212612345678");
    assert.equal(csvCell('-1+1'), "'-1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('\r=1'), `"'\r=1"`);
    assert.equal(csvCell('a=1'), 'a=1');
  });

  test('starts with a BOM and ends lines with CRLF', () => {
    assert.equal(
      toCsv([
        ['a', 'b'],
        ['1', 'تونفيت'],
      ]),
      '\uFEFFa,b\r\n1,تونفيت\r\n',
    );
  });
});

describe('request hashing', () => {
  test('key order does not matter, values do', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] }), '{"a":[{"x":1,"y":2}],"b":1}');
    assert.equal(requestHash({ a: 1, b: 2 }), requestHash({ b: 2, a: 1 }));
    assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
  });
});
