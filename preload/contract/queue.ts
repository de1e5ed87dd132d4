/** The queue domain's calls and events. Filled in by the queue work; spread into the contract by index.ts. */
export const queueCalls = {};
export const queueEvents = {};
