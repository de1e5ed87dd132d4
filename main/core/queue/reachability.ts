import { isDeskError } from '../../../common/errors';

/** The hub could not be reached, or answered what no hub would (the link goes offline on it). */
export const isUnreachable = (e: unknown) => isDeskError(e) && (e.code === 'HUB_UNREACHABLE' || e.code === 'HUB_BAD_RESPONSE');
