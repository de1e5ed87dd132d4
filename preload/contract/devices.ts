/** The devices domain's calls and events. Filled in by the devices work; spread into the contract by index.ts. */
export const devicesCalls = {};
export const devicesEvents = {};
