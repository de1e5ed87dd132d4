import { describe, expect, it } from 'vitest';
import { canServe, deadlineOf, orderFor, pickAppointmentsFirst, pickEdf, pickFifo, pickNext } from '../../../common/queue/policy';
import { DEFAULT_POLICY, type HallLoad, type PolicyCounter, type PolicyTicket } from '../../../common/queue/types';

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

  it('uses an appointment\'s slack for the oldest walk-in while other counters can still call it in time', () => {
    const appt = t({ kind: 'appointment' }, 0);
    const walk = t({ kind: 'walkin' }, 5);
    // Another counter is free now: the appointment keeps its 10 minutes even if this counter serves the walk-in.
    const load: HallLoad = { meanServiceMs: 10 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 }] };
    expect(pickNext([appt, walk], general, T0, DEFAULT_POLICY, load)).toBe(walk);
  });

  it('calls the appointment when the walk-in would make it miss 10 minutes on the counters\' expected free times', () => {
    const appt = t({ kind: 'appointment' }, 0);
    const walk = t({ kind: 'walkin' }, 50);
    // The only other counter is busy for 20 more minutes: after a 10-minute walk-in here the appointment would wait 10.
    const load: HallLoad = { meanServiceMs: 10 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 + 20 * MIN }] };
    expect(pickNext([walk, appt], general, T0, DEFAULT_POLICY, load)).toBe(appt);
    // Without a load the policy assumes it is alone, which is the safe case.
    expect(pickNext([walk, appt], general, T0)).toBe(appt);
  });

  it('keeps counters for booked appointments not yet checked in (load.expected)', () => {
    const walk = t({ kind: 'walkin' }, 5);
    const appt = t({ kind: 'appointment', dueAt: T0 + 2 * MIN }); // checked in early for the next slot
    const two: HallLoad = { meanServiceMs: 10 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 }] };
    expect(pickNext([walk, appt], general, T0, DEFAULT_POLICY, two)).toBe(walk);
    const booked = Array.from({ length: 3 }, () => t({ kind: 'appointment', dueAt: T0 + 2 * MIN }));
    expect(pickNext([walk, appt], general, T0, DEFAULT_POLICY, { ...two, expected: booked })).toBe(appt);
  });

  it('FIFO between an appointment and a walk-in who came later', () => {
    const appt = t({ kind: 'appointment' }, 6);
    const walk = t({ kind: 'walkin' }, 2);
    const load: HallLoad = { meanServiceMs: 10 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 }] };
    expect(pickNext([walk, appt], general, T0, DEFAULT_POLICY, load)).toBe(appt);
  });

  it('the walk-in cap puts the capped walk-in first among walk-ins but never before an appointment out of slack', () => {
    const capped = t({ kind: 'walkin' }, DEFAULT_POLICY.walkinCapMinutes);
    const assist = t({ kind: 'assistance', stream: 'A' }, 45); // deadline +20: earlier than the capped walk-in's +40
    const idle: HallLoad = { meanServiceMs: 10 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 }] };
    expect(pickNext([assist, capped], general, T0, DEFAULT_POLICY, idle)).toBe(capped);
    const appts = Array.from({ length: 30 }, () => t({ kind: 'appointment' }, 9));
    expect(pickNext([...appts, capped], general, T0)?.kind).toBe('appointment');
  });

  it('with the promise safe the walk-ins go oldest first even under a steady stream of appointments', () => {
    // Two counters; one takes every appointment in time, the other serves walk-ins in order.
    const walks = [t({ kind: 'walkin' }, 30), t({ kind: 'walkin' }, 20)];
    const appt = t({ kind: 'appointment' }, 1);
    const load: HallLoad = { meanServiceMs: 5 * MIN, counters: [{ counter: general, freeAt: T0 }, { counter: { number: 2, streams: ['Y', 'A'] }, freeAt: T0 + 2 * MIN }] };
    expect(pickNext([appt, ...walks], general, T0, DEFAULT_POLICY, load)).toBe(walks[0]);
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
    expect(orderFor([a, appt, b], general, T0, DEFAULT_POLICY, undefined, 2)).toEqual([b, a]);
  });

  it('deadlines follow the documented offsets', () => {
    expect(deadlineOf(t({ kind: 'appointment' }, 0)) - T0).toBe(10 * MIN);
    expect(deadlineOf(t({ kind: 'walkin' }, 0)) - T0).toBe(40 * MIN);
    expect(deadlineOf(t({ kind: 'priority' }, 0)) - T0).toBe(0);
  });

  it('baselines: FIFO ignores kinds; appointments-first puts every appointment on top; EDF ranks by deadline', () => {
    const w = t({ kind: 'walkin' }, 50);
    const a = t({ kind: 'appointment' }, 0);
    expect(pickFifo([a, w], general)).toBe(w);
    expect(pickAppointmentsFirst([w, a], general, T0)).toBe(a);
    expect(pickEdf([a, w], general, T0)).toBe(w); // deadline T0−10 < T0+10
    expect(pickEdf([a, t({ kind: 'walkin' }, 20)], general, T0)).toBe(a);
  });

  it('returns null when nothing is waiting', () => {
    expect(pickNext([], general, T0)).toBeNull();
  });
});
