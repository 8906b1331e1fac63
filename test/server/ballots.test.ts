import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfirmationResult, VoteAccepted } from '../../server/src/schemas/ballots.js';
import {
  ballotRows,
  confirm,
  createBallot,
  newBallot,
  postVote,
  solved,
  tokenMailedTo,
  voteBody,
} from './ballot-helper.js';
import { backends, useApp } from './helper.js';

for (const backend of backends) {
  describe(`ballots on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    test('vote → mail → confirm page → confirmation counts, with receipts', async () => {
      const { app, db } = server;
      await createBallot(app, newBallot('flow'));
      const vote = await postVote(app, 'flow', voteBody('Amina@Example.ma', await solved(app, 'flow')));
      assert.equal(vote.statusCode, 202, vote.body);
      assert.equal(vote.json<VoteAccepted>().status, 'pending_confirmation');
      const token = await tokenMailedTo(db.database, 'Amina@Example.ma');
      const page = await app.inject(`/ballots/flow/confirm?token=${token}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-security-policy'] as string, /default-src 'none'/);
      assert.match(page.body, /<form method="post" action="confirmations">/);
      const confirmed = await confirm(app, 'flow', token);
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const result = confirmed.json<ConfirmationResult>();
      assert.deepEqual(
        result.selections.map((s) => s.status),
        ['counted', 'counted'],
      );
      for (const selection of result.selections) assert.match(selection.receipt ?? '', /^[0-9a-f]{12}$/);
      const ballot = (await app.inject('/ballots/flow')).json<{ votesCast: number; status: string }>();
      assert.equal(ballot.status, 'open');
      assert.equal(ballot.votesCast, 2);
      const rows = await ballotRows(db.database);
      assert.equal(rows.counted, 2);
    });
  });
}
