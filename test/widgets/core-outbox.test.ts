import { assert } from '@open-wc/testing';
import { outboxStore, type OutboxEntry } from '../../src/core/api/outbox.js';

const entry = (key: string, createdAt = Date.now()): OutboxEntry => ({
  key,
  url: 'https://api.test/v1/opportunities/x/signups',
  body: { name: 'Amina', email: 'amina@example.ma' },
  createdAt,
  attempts: 0,
  nextAttemptAt: createdAt,
});

/** Reads the `tadamon` database directly, as another page would. */
function readDatabase(): Promise<OutboxEntry[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('tadamon');
    request.onerror = () => reject(request.error ?? new Error('open failed'));
    request.onsuccess = () => {
      const db = request.result;
      const all = db.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => {
        db.close();
        resolve(all.result as OutboxEntry[]);
      };
      all.onerror = () => reject(all.error ?? new Error('read failed'));
    };
  });
}

describe('core outbox', () => {
  beforeEach(() => outboxStore.clear());
  afterEach(() => outboxStore.clear());

  it('keeps entries in the IndexedDB store "outbox" of the database "tadamon", oldest first', async () => {
    await outboxStore.put(entry('b', 2));
    await outboxStore.put(entry('a', 1));
    assert.isTrue(outboxStore.persistent);
    assert.deepEqual((await readDatabase()).map((stored) => stored.key).sort(), ['a', 'b']);
    assert.deepEqual(
      (await outboxStore.all()).map((stored) => stored.key),
      ['a', 'b'],
    );
  });

  it('replaces an entry under a new key in one step, and deletes leave nothing behind', async () => {
    await outboxStore.put(entry('old'));
    await outboxStore.replace('old', entry('new'));
    assert.deepEqual(
      (await readDatabase()).map((stored) => stored.key),
      ['new'],
    );
    await outboxStore.delete('new');
    assert.deepEqual(await readDatabase(), []);
  });

  it('falls back to memory when IndexedDB is unavailable (private mode), and says so', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'indexedDB')!;
    Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined });
    try {
      await outboxStore.clear();
      await outboxStore.put(entry('memory'));
      assert.isFalse(outboxStore.persistent);
      assert.deepEqual(
        (await outboxStore.all()).map((stored) => stored.key),
        ['memory'],
      );
      await outboxStore.delete('memory');
      assert.deepEqual(await outboxStore.all(), []);
    } finally {
      Object.defineProperty(window, 'indexedDB', descriptor);
    }
  });

  it('falls back to memory when opening the database fails', async () => {
    const original = Object.getOwnPropertyDescriptor(IDBFactory.prototype, 'open')!;
    Object.defineProperty(IDBFactory.prototype, 'open', {
      configurable: true,
      value: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      await outboxStore.clear();
      await outboxStore.put(entry('memory'));
      assert.isFalse(outboxStore.persistent);
      assert.lengthOf(await outboxStore.all(), 1);
    } finally {
      Object.defineProperty(IDBFactory.prototype, 'open', original);
    }
  });
});
