export * from './editing.js';
export * from './ledger.js';
export * from './messages.js';
export * from './reading.js';
export * from './results.js';
export * from './voting.js';
