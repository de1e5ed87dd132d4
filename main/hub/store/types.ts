/**
 * The hub's storage seam. Every method is atomic on its own (one transaction), so a PostgreSQL
 * backend can implement it with `BEGIN … COMMIT` per call and the queue logic above never holds
 * a transaction across an await. SQLite (better-sqlite3, WAL) is the default implementation.
 */
import type { DeskError } from '../../../common/errors';
import type { Appointment, CounterConfig, CounterStaff, HallConfig, OfflineOpResult, Ticket, TicketStatus } from '../protocol';

export interface CounterRow extends CounterConfig {
  paused: boolean;
  pausedAt: number | null;
  lastSeen: number | null;
  /** Who is signed in at the counter (from the workstation's subscription); null when nobody is. */
  staff: CounterStaff | null;
}

/** The store makes the follow code itself (unguessable, one per ticket). */
export type NewTicket = Omit<Ticket, 'id' | 'number' | 'calledAt' | 'callCount' | 'lastCalledAt' | 'startedAt' | 'finishedAt' | 'movedUpAt' | 'counter' | 'followCode'> & {
  counter?: number | null;
};

export type TicketPatch = Partial<Omit<Ticket, 'id' | 'day' | 'number' | 'series' | 'issuedAt' | 'followCode'>>;

export interface Expect {
  statuses: readonly TicketStatus[];
  /** When set, the ticket must be at this counter. */
  counter?: number;
}

/** What the policy needs of a waiting ticket (a PolicyTicket with the hub's numeric id). */
export interface WaitingRow {
  id: number;
  stream: string;
  kind: Ticket['kind'];
  itemCode: string | null;
  dueAt: number;
  issuedSeq: number;
  targetCounter: number | null;
  movedUpAt: number | null;
}

export interface ClaimArgs {
  counter: number;
  requestId: string;
  day: string;
  now: number;
  /** The pure policy: chooses among the waiting tickets. Called again if the chosen one is lost to a race. */
  pick: (waiting: WaitingRow[]) => WaitingRow | null;
}

export interface ClaimOutcome {
  ticket: Ticket | null;
  replayed: boolean;
}

/** A booking as imported: the holder's plain ID number, which the store turns into hash + mask and never keeps. */
export type NewAppointment = Omit<Appointment, 'idNumberMasked' | 'idHash' | 'name' | 'phone'> & { idNumber: string; name: string; phone: string };

export interface AppointmentQuery {
  day: string;
  /** Matched through its keyed hash. */
  idNumber?: string;
  code?: string;
  name?: string;
  phone?: string;
}

export interface CounterStats {
  counter: number;
  served: number;
  avgServiceMs: number | null;
}

export interface OfflineRecord {
  opId: string;
  workstation: string;
  counter: number;
  at: number;
}

/**
 * What one offline operation reads and writes, inside the transaction that records it. Async for
 * both backends: PostgreSQL answers over the network; SQLite answers at once but holds its other
 * callers back until the operation's transaction ends (sqlite.ts `reconcileOp`).
 */
export interface OfflineTx {
  getTicket(id: number): Promise<Ticket | null>;
  getTicketByNumber(day: string, number: string): Promise<Ticket | null>;
  insertNumberedTicket(t: NewTicket & { number: string }): Promise<Ticket | null>;
  transition(id: number, expect: Expect, patch: TicketPatch, event: { type: string; counter: number | null; at: number; detail?: unknown }): Promise<Ticket | null>;
  findAppointments(q: AppointmentQuery): Promise<Appointment[]>;
  updateAppointment(id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>): Promise<Appointment | null>;
}

/** An idempotency key of ticket issue and what it was sent with (a canonical JSON of the request). */
export interface IssueKey {
  key: string;
  request: string;
}

export interface QueueStore {
  readonly backend: 'sqlite' | 'postgres';
  close(): Promise<void>;

  loadHall(): Promise<HallConfig | null>;
  /** Saves the hall and inserts counters that do not exist yet (existing counters keep their runtime skills/pause). */
  saveHall(hall: HallConfig): Promise<void>;
  listCounters(): Promise<CounterRow[]>;
  getCounter(n: number): Promise<CounterRow | null>;
  updateCounter(n: number, patch: Partial<Pick<CounterRow, 'paused' | 'pausedAt' | 'lastSeen' | 'streams' | 'items' | 'staff'>>): Promise<CounterRow | null>;

  /**
   * Allocates the next number of `(day, series)` and inserts the ticket, atomically. With `idem`,
   * the key and the answer are stored in the same transaction; a key already stored returns its
   * first answer (`replayed`), or throws IDEMPOTENCY_KEY_REUSED when it came with another request.
   */
  issueTicket(t: NewTicket, series: string, format: (seq: number) => string, idem?: IssueKey): Promise<{ ticket: Ticket; replayed: boolean }>;
  /** Records who holds a walk-in ticket (their ID card was read at the kiosk). */
  putTicketHolder(ticketId: number, day: string, holder: { idNumber: string; name: string }): Promise<void>;
  getTicketHolder(ticketId: number): Promise<{ idNumber: string; name: string } | null>;
  /** Drops the holders of days before `day`; returns how many. */
  purgeTicketHoldersBefore(day: string): Promise<number>;
  /** Drops ticket-issue idempotency keys recorded before `at` (a retry comes seconds after its press, never the next day); returns how many. */
  purgeIssueKeysBefore(at: number): Promise<number>;
  /** Inserts a ticket whose number was allocated elsewhere (offline series); null when the number is taken. */
  insertNumberedTicket(t: NewTicket & { number: string }): Promise<Ticket | null>;
  /** Closes (status 'cancelled', note kept) every unfinished ticket of days before `day`; returns how many. History stays. */
  closeDaysBefore(day: string, at: number): Promise<number>;
  /** Waiting tickets per stream for a day. */
  waitingCounts(day: string): Promise<Record<string, number>>;
  getTicket(id: number): Promise<Ticket | null>;
  getTicketByNumber(day: string, number: string): Promise<Ticket | null>;
  /** The ticket a slip's follow code belongs to (GET /follow/:code). */
  getTicketByFollowCode(code: string): Promise<Ticket | null>;
  /** `oldestFirst: n`: only the n tickets due first (by dueAt, then id) — the forecast's head of a long queue. */
  listTickets(q: { day: string; statuses?: readonly TicketStatus[]; counter?: number; oldestFirst?: number }): Promise<Ticket[]>;

  /**
   * Call-next: replays a known request id; otherwise checks the counter (COUNTER_PAUSED, COUNTER_BUSY),
   * lets `pick` choose, and claims with a conditional UPDATE … WHERE id=? AND status='waiting' RETURNING,
   * retrying on loss. Throws DeskError for counter problems.
   */
  claim(a: ClaimArgs): Promise<ClaimOutcome>;
  /** Records a call made by choosing a ticket (call-specific), with the same replay semantics. */
  claimChosen(a: { counter: number; requestId: string; ticketId: number; now: number }): Promise<ClaimOutcome & { lost: boolean }>;
  /** What a call request id claimed, if anything (no claim, no row): lets a workstation that lost the answer find out without calling again. */
  callRequest(requestId: string): Promise<{ counter: number; ticketId: number } | null>;
  /** Conditional update: applies `patch` only if the ticket is in one of `expect.statuses` (and at `expect.counter`). */
  transition(id: number, expect: Expect, patch: TicketPatch, event: { type: string; counter: number | null; at: number; detail?: unknown }): Promise<Ticket | null>;

  putAppointments(rows: NewAppointment[], capacityPerSlot: number): Promise<{ inserted: number; unchanged: number }>;
  /** Empties name and phone of bookings of days before `day` (the retention has passed); returns how many. */
  purgeAppointmentContactsBefore(day: string, at: number): Promise<number>;
  /** The matching key of one day (match-hash.ts), handed to enrolled workstations for today only. */
  matchKey(day: string): Buffer;
  listAppointments(day: string): Promise<Appointment[]>;
  /** This database's identity: a pull cursor carries it, so a cursor from another database answers "start over". */
  epoch(): Promise<string>;
  /** The day's bookings changed after `afterSeq` (the change sequence the database issues on every insert and update), in that order. */
  appointmentChanges(day: string, afterSeq: number, limit: number): Promise<Array<{ appointment: Appointment; seq: number }>>;
  findAppointments(q: AppointmentQuery): Promise<Appointment[]>;
  /** booked → checked_in|late_walkin plus the new ticket, atomically; null if the appointment was no longer booked. */
  checkIn(appointmentId: string, status: 'checked_in' | 'late_walkin', at: number, note: string | null, t: NewTicket, series: string, format: (seq: number) => string): Promise<{ appointment: Appointment; ticket: Ticket } | null>;
  /** Attach an already-created (offline) ticket to a booked appointment. */
  updateAppointment(id: string, expect: readonly Appointment['status'][], patch: Partial<Pick<Appointment, 'status' | 'ticketId' | 'checkedInAt' | 'note'>>): Promise<Appointment | null>;

  /**
   * One offline operation, applied and recorded in ONE transaction (a kill can never leave a ticket
   * without its record, or a record without its ticket). A stored answer for the opId comes back as
   * `prior` and `apply` does not run. `apply` reads and writes through `tx` only, inside the
   * transaction; a DeskError it throws undoes its writes (a savepoint) and `reject(e)` is recorded
   * instead. (PostgreSQL: BEGIN … COMMIT on one pooled client.)
   */
  reconcileOp(
    rec: OfflineRecord,
    apply: (tx: OfflineTx) => Promise<OfflineOpResult>,
    reject: (e: DeskError) => OfflineOpResult,
  ): Promise<{ prior: { workstation: string; result: OfflineOpResult } | null; result: OfflineOpResult | null }>;

  counterStats(day: string): Promise<CounterStats[]>;
}
