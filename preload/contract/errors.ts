/** Stable error codes that cross the boundary. The renderer maps them to Chinese via i18n; the message travels too. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CALL',
  'NOT_SIGNED_IN',
  'FORBIDDEN',
  'BAD_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'UNKNOWN_COUNTER',
  'HUB_UNREACHABLE',
  'INTERNAL',
] as const;
export type KnownErrorCode = (typeof ERROR_CODES)[number];
