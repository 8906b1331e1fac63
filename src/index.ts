// Registers every widget. Import a widget's own entry (`tadamon/donation-progress`) to load only that one.
export * from './donation-progress/index.js';
export { TadamonVolunteerSignup } from './volunteer-signup/index.js';
export * from './volunteer-signup/events.js';
