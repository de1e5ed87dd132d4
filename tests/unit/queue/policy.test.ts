import { describe, expect, it } from 'vitest';
import { canServe, deadlineOf, orderFor, pickAppointmentsFirst, pickFifo, pickNext } from '../../../common/queue/policy';
import { DEFAULT_POLICY, type PolicyCounter, type PolicyTicket } from '../../../common/queue/types';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00+08:00');
let seq = 0;
const t = (p: Partial<PolicyTicket> & { kind: PolicyTicket['kind'] }, waitedMin = 0): PolicyTicket => ({
  id: ++seq,
  stream: p.kind === 'appointment' ? 'Y' : p.kind === 'priority' ? 'V' : p.kind === 'assistance' ? 'B' : 'A',
  dueAt: T0 - waitedMin * MIN,
  issuedSeq: seq,
  ...p,
});
const general: PolicyCounter = { number: 1, streams: ['Y', 'A', 'V'] };

describe('calling policy', () => {
  it('serves the priority lane before anything else', () => {
    const q = [t({ kind: 'appointment' }, 9), t({ kind: 'walkin' }, 59), t({ kind: 'priority' }, 0)];
    expect(pickNext(q, general, T0)?.kind).toBe('priority');
  });

  it('an appointment is due from the later of check-in and slot start: early arrivals wait behind due walk-ins', () => {
    const early = t({ kind: 'appointment', dueAt: T0 + 20 * MIN }); // checked in 20 min before its slot
    const walk = t({ kind: 'walkin' }, 1);
    expect(pickNext([early, walk], general, T0)).toBe(walk);
    // …but an idle counter still takes the early appointment rather than sit idle.
    expect(pickNext([early], general, T0)).toBe(early);
    // once due, the same appointment outranks a walk-in that has waited less than (40 − 10) minutes
    expect(pickNext([early, walk], general, T0 + 20 * MIN)).toBe(early);
  });

  it('ranks a due appointment before walk-ins that waited less than (walk-in deadline − target)', () => {
    const appt = t({ kind: 'appointment' }, 0);
    const walk = t({ kind: 'walkin' }, 29);
    expect(pickNext([walk, appt], general, T0)).toBe(appt);
  });

  it('lets a long-waiting walk-in go before a fresh appointment (earliest deadline first)', () => {
    const appt = t({ kind: 'appointment' }, 0);
    const walk = t({ kind: 'walkin' }, 35); // deadline T0+5 < appt deadline T0+10
    expect(pickNext([appt, walk], general, T0)).toBe(walk);
  });

  it('an appointment at risk (waited ≥ target − guard) beats walk-ins that have not hit the cap', () => {
    const appt = t({ kind: 'appointment' }, 2);
    const walk = t({ kind: 'walkin' }, 50);
    expect(pickNext([walk, appt], general, T0)).toBe(appt);
  });

  it('bounds walk-in waits: at the cap a walk-in goes before at-risk appointments (no starvation)', () => {
    const walk = t({ kind: 'walkin' }, DEFAULT_POLICY.walkinCapMinutes);
    const appts = Array.from({ length: 30 }, () => t({ kind: 'appointment' }, 9));
    expect(pickNext([...appts, walk], general, T0)).toBe(walk);
  });

  it('starvation bound holds under a steady stream of appointments: the walk-in is called by the cap', () => {
    // One counter, a walk-in at T0, and a new at-risk appointment always waiting: simulate calls once a minute.
    const walk = t({ kind: 'walkin' }, 0);
    let waiting: PolicyTicket[] = [walk];
    let calledAt = -1;
    for (let m = 0; m <= 120 && calledAt < 0; m++) {
      const now = T0 + m * MIN;
      waiting.push(t({ kind: 'appointment', dueAt: now - 3 * MIN }));
      const next = pickNext(waiting, general, now)!;
      if (next === walk) calledAt = m;
      waiting = waiting.filter((x) => x !== next);
    }
    expect(calledAt).toBeGreaterThanOrEqual(0);
    expect(calledAt).toBeLessThanOrEqual(DEFAULT_POLICY.walkinCapMinutes);
  });

  it('sends a dedicated counter its own stream first, but still lets the priority lane through', () => {
    const yrd: PolicyCounter = { number: 9, streams: ['C', 'Y', 'A', 'V'], dedicatedStream: 'C' };
    const appt = t({ kind: 'appointment' }, 5);
    const c = t({ kind: 'walkin', stream: 'C' }, 0);
    expect(pickNext([appt, c], yrd, T0)).toBe(c);
    expect(pickNext([appt, c], general, T0)).toBe(appt); // a general counter lacks C and serves Y
    const v = t({ kind: 'priority' }, 0);
    expect(pickNext([appt, c, v], yrd, T0)).toBe(v);
  });

  it('gives a counter only tickets it has the skill for (stream and item)', () => {
    const b = t({ kind: 'assistance' }, 30);
    expect(pickNext([b], general, T0)).toBeNull();
    const restricted: PolicyCounter = { number: 2, streams: ['A'], items: ['SB-014'] };
    const other = t({ kind: 'walkin', itemCode: 'GT-001' }, 10);
    const mine = t({ kind: 'walkin', itemCode: 'SB-014' }, 1);
    const unknownItem = t({ kind: 'walkin', itemCode: null }, 0);
    expect(canServe(restricted, other)).toBe(false);
    expect(orderFor([other, mine, unknownItem], restricted, T0)).toEqual([mine, unknownItem]);
  });

  it('a ticket transferred to one counter is only called there, and first there', () => {
    const handed = t({ kind: 'walkin', targetCounter: 3 }, 0);
    const older = t({ kind: 'walkin' }, 20);
    expect(pickNext([handed, older], general, T0)).toBe(older);
    expect(pickNext([handed, older], { number: 3, streams: ['A'] }, T0)).toBe(handed);
  });

  it('supervisor move-up jumps ordinary tickets, in the order the moves were made', () => {
    const a = t({ kind: 'walkin', movedUpAt: T0 - 1 * MIN }, 0);
    const b = t({ kind: 'walkin', movedUpAt: T0 - 2 * MIN }, 0);
    const appt = t({ kind: 'appointment' }, 9);
    expect(orderFor([a, appt, b], general, T0)).toEqual([b, a, appt]);
  });

  it('deadlines follow the documented offsets', () => {
    expect(deadlineOf(t({ kind: 'appointment' }, 0)) - T0).toBe(10 * MIN);
    expect(deadlineOf(t({ kind: 'walkin' }, 0)) - T0).toBe(40 * MIN);
    expect(deadlineOf(t({ kind: 'priority' }, 0)) - T0).toBe(0);
  });

  it('baselines: FIFO ignores kinds; appointments-first puts every appointment on top', () => {
    const w = t({ kind: 'walkin' }, 50);
    const a = t({ kind: 'appointment' }, 0);
    expect(pickFifo([a, w], general)).toBe(w);
    expect(pickAppointmentsFirst([w, a], general, T0)).toBe(a);
  });

  it('returns null when nothing is waiting', () => {
    expect(pickNext([], general, T0)).toBeNull();
  });
});
