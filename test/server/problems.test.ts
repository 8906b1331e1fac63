import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemBody, ProblemError } from '../../server/src/problems.js';
// Declares `shiftIds` on ProblemExtensions (declaration merging).
import '../../server/src/services/opportunities/index.js';

test('ProblemExtensions: fields a module declares are carried into the body; undeclared ones do not type-check', () => {
  const error = new ProblemError(409, 'shift_full', 'Full.', undefined, { shiftIds: ['morning'] });
  assert.deepEqual(problemBody(error.statusCode, error.code, error.detail, error.errors, error.extensions), {
    shiftIds: ['morning'],
    type: 'urn:tadamon:problem:shift_full',
    title: 'Conflict',
    status: 409,
    code: 'shift_full',
    detail: 'Full.',
  });
  // @ts-expect-error no module declared this extension (checked by `tsc`)
  const undeclared = new ProblemError(409, 'conflict', undefined, undefined, { ballotIds: ['b'] });
  assert.equal(undeclared.code, 'conflict');
});
