// Shapes shared by the calling policy, the simulation and the hall hub.
// Times are epoch milliseconds; the policy never reads a clock of its own.

import { z } from 'zod';

/** What a ticket stream is for. The policy treats each kind differently (see POLICY.md). */
export const streamKindSchema = z.enum(['appointment', 'walkin', 'priority', 'assistance']);
export type StreamKind = z.infer<typeof streamKindSchema>;

/** The slice of a waiting ticket the policy looks at. */
export interface PolicyTicket {
  id: number | string;
  /** Stream id (e.g. 'Y', 'A', 'V', 'B', or a configured dedicated stream such as 'C'). */
  stream: string;
  kind: StreamKind;
  /** Service item, when known at issue time; a counter restricted to items only takes tickets it can serve. */
  itemCode?: string | null;
  /** When the wait clock starts: check-in or slot start, whichever is later (appointments); issue time otherwise. */
  dueAt: number;
  /** Global issue order, the final tie-breaker (never a wall clock). */
  issuedSeq: number;
  /** Set when a ticket was transferred to one particular counter: only that counter may call it. */
  targetCounter?: number | null;
  /** Set when a supervisor moved the ticket up. */
  movedUpAt?: number | null;
}

/** The slice of a counter the policy looks at. */
export interface PolicyCounter {
  number: number;
  /** Skills: the streams this counter takes. */
  streams: readonly string[];
  /** Optional item restriction; empty/absent means every item (a comprehensive counter, 无差别受理). */
  items?: readonly string[] | null;
  /** A dedicated counter (专窗) serves this stream first. */
  dedicatedStream?: string | null;
}

export interface PolicyParams {
  /** Target on-site wait for an appointment, minutes (seed: 10). */
  appointmentTargetMinutes: number;
  /**
   * Safety margin of the slack check: an appointment is planned to be called by its deadline minus
   * this margin, because service times vary (a counter expected free in 2 minutes may take 6).
   */
  appointmentMarginMinutes: number;
  /** Deadline offset for walk-ins in the earliest-deadline-first order, minutes. */
  walkinDeadlineMinutes: number;
  /**
   * The walk-in bound: a walk-in who has waited this long goes before every other walk-in and before
   * appointments that still have slack — never before an appointment about to miss its promise; the
   * supervisor's forecast warns before it is reached (see POLICY.md).
   */
  walkinCapMinutes: number;
  /** Deadline offset for the assistance stream, minutes. */
  assistanceDeadlineMinutes: number;
}

export const DEFAULT_POLICY: PolicyParams = {
  appointmentTargetMinutes: 10,
  appointmentMarginMinutes: 6,
  walkinDeadlineMinutes: 40,
  walkinCapMinutes: 60,
  assistanceDeadlineMinutes: 20,
};

/** A counter as the slack check sees it: its skills and when it is expected to be free (ms; ≤ now = free now). */
export interface CounterLoad {
  counter: PolicyCounter;
  freeAt: number;
}

/**
 * The hall's load at the moment of a call: the other open counters and the mean service time.
 * Without it the policy assumes the calling counter is the only one (the safe, conservative case).
 */
export interface HallLoad {
  counters: readonly CounterLoad[];
  meanServiceMs: number;
  /**
   * Appointments booked for the coming slots and not yet checked in, as the hub expects them (less
   * the usual no-shows), due at slot start: the slack check keeps counters for them too.
   */
  expected?: readonly PolicyTicket[];
}
