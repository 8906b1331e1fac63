// Opportunities: reading, editing (admin), signups (capacity, waitlist, promotion), export and retention.
export * from './reading.js';
export * from './editing.js';
export * from './signups.js';
export * from './export.js';
export * from './retention.js';
