/** The intake domain's calls and events. Filled in by the intake work; spread into the contract by index.ts. */
export const intakeCalls = {};
export const intakeEvents = {};
