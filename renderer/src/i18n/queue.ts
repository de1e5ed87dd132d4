/** zh-CN strings of the queue screens; merged into the one dictionary by zh-CN.ts. Keys start with 'queue.'. */
export const queueMessages = {} as const;
