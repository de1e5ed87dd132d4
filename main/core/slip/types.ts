/** What a walk-in ticket slip says: no personal data, the same as the follow page shows. */
export interface SlipFacts {
  hallName: string;
  number: string;
  streamName: string;
  itemName: string | null;
  /** 前面还有 N 人 at issue; null when unknown (offline series). */
  ahead: number | null;
  /** 预计等候约 M 分钟, the hub's forecast at issue; null when it has none (offline, no open counter). */
  estimateMinutes: number | null;
  issuedAt: number;
  /** `<hub>/follow/<code>` for the QR; null when the ticket has no code (offline series, no hub). */
  followUrl: string | null;
}

/** How the slip went, as the issue calls answer it (the ticket itself is issued either way). */
export interface SlipOutcome {
  status: 'printed' | 'simulated' | 'failed' | 'off';
  /** Why it failed, in Chinese for the applicant and the clerk. */
  reason: string | null;
}

