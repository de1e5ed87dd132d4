import type { Rule } from 'eslint';

declare const rule: Rule.RuleModule;
export default rule;
export declare const NODE_ONLY_PACKAGES: string[];
export declare const COMMON_PACKAGES: string[];
