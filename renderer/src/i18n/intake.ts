/** zh-CN strings of the intake screens; merged into the one dictionary by zh-CN.ts. Keys start with 'intake.'. */
export const intakeMessages = {} as const;
