/**
 * The supervisor's next hour: replays the calling policy over the tickets waiting now, the
 * bookings of the hour and the walk-ins expected at the last hour's rate, and says per stream what
 * the waits will be, which bound will break (the appointments' 10 minutes, the walk-in cap) and how
 * many comprehensive counters opened within 10 minutes would keep it. Pure; the hub feeds it live.
 */
import { forecastCalls } from './forecast';
import type { CounterLoad, PolicyCounter, PolicyParams, PolicyTicket, StreamKind } from './types';
import type { HallOutlook } from './wire';

const MINUTE = 60_000;
export const OUTLOOK_HORIZON_MINUTES = 60;
/** The advice speaks of opening counters within this many minutes, so the replay opens them then. */
export const OPEN_WITHIN_MINUTES = 10;
const MAX_EXTRA = 3;

export interface OutlookInput {
  now: number;
  waiting: readonly PolicyTicket[];
  counters: readonly CounterLoad[];
  meanServiceMs: number;
  params: PolicyParams;
  /** Booked appointments of the coming hour not yet checked in (less the usual no-shows). */
  expected: readonly PolicyTicket[];
  streams: readonly { id: string; name: string; kind: StreamKind; perHour: number }[];
  /** What an extra counter would take (the hall's comprehensive counter). */
  extraCounter: PolicyCounter;
}

/** Walk-ins spread evenly over the hour at the stream's rate (deterministic: the same state, the same outlook). */
function futureArrivals(input: OutlookInput): PolicyTicket[] {
  const out: PolicyTicket[] = [];
  const span = OUTLOOK_HORIZON_MINUTES * MINUTE;
  for (const s of input.streams) {
    if (s.kind === 'appointment') continue;
    const n = Math.round(s.perHour * (OUTLOOK_HORIZON_MINUTES / 60));
    for (let i = 0; i < n; i++) out.push({ id: `future-${s.id}-${i}`, stream: s.id, kind: s.kind, dueAt: input.now + ((i + 0.5) * span) / n, issuedSeq: 0 });
  }
  return out;
}

function replay(input: OutlookInput, extra: number, openInMinutes = OPEN_WITHIN_MINUTES): Map<PolicyTicket, number> {
  const future = [...futureArrivals(input), ...input.expected.map((t) => ({ ...t }))].sort((a, b) => a.dueAt - b.dueAt);
  // Joining order is issue order: after everyone waiting now.
  future.forEach((t, i) => (t.issuedSeq = Number.MAX_SAFE_INTEGER - future.length + i));
  const counters = [...input.counters];
  for (let i = 0; i < extra; i++) counters.push({ counter: { ...input.extraCounter, number: -1 - i }, freeAt: input.now + openInMinutes * MINUTE });
  const targets = [...input.waiting, ...future];
  const res = forecastCalls({ now: input.now, waiting: input.waiting, counters, meanServiceMs: input.meanServiceMs, params: input.params, upcoming: future }, targets);
  const waits = new Map<PolicyTicket, number>();
  for (const t of targets) {
    const f = res.get(t);
    waits.set(t, f?.callAt != null ? Math.max(0, (f.callAt - t.dueAt) / MINUTE) : Infinity);
  }
  return waits;
}

function boundOf(kind: StreamKind, params: PolicyParams): number | null {
  if (kind === 'appointment') return params.appointmentTargetMinutes;
  if (kind === 'walkin' || kind === 'assistance') return params.walkinCapMinutes;
  return null;
}

interface Breach {
  stream: string;
  predicted: number;
  inMinutes: number;
}

function breaches(input: OutlookInput, waits: Map<PolicyTicket, number>): Breach[] {
  const out = new Map<string, Breach>();
  const kinds = new Map(input.streams.map((s) => [s.id, s.kind]));
  for (const [t, w] of waits) {
    const bound = boundOf(kinds.get(t.stream) ?? t.kind, input.params);
    if (bound === null || w <= bound + 1e-9) continue;
    const inMinutes = Math.max(0, (t.dueAt + bound * MINUTE - input.now) / MINUTE);
    const b = out.get(t.stream);
    out.set(t.stream, { stream: t.stream, predicted: Math.max(b?.predicted ?? 0, w), inMinutes: Math.min(b?.inMinutes ?? Infinity, inMinutes) });
  }
  return [...out.values()];
}

const r1 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : 999);

export function hallOutlook(input: OutlookInput): HallOutlook {
  const waits = replay(input, 0);
  const streams = input.streams.map((s) => {
    const ws = [...waits].filter(([t]) => t.stream === s.id).map(([, w]) => w);
    const joining = [...waits.keys()].filter((t) => t.stream === s.id && t.dueAt > input.now).length;
    return {
      stream: s.id, name: s.name, kind: s.kind, expectedTickets: joining,
      meanWaitMinutes: r1(ws.length ? ws.reduce((a, b) => a + b, 0) / ws.length : 0),
      maxWaitMinutes: r1(ws.length ? Math.max(...ws) : 0),
      boundMinutes: boundOf(s.kind, input.params),
    };
  });
  const found = breaches(input, waits);
  // How many extra counters each breached stream needs: the smallest number whose replay keeps it.
  // A breach due within 10 minutes cannot wait for a counter opened "within 10 minutes": those
  // streams are judged with the counters open now (the advice then says 立即).
  const urgent = new Set(found.filter((b) => b.inMinutes < OPEN_WITHIN_MINUTES).map((b) => b.stream));
  const needed = new Map<string, number | null>(found.map((b) => [b.stream, null]));
  for (let k = 1; k <= MAX_EXTRA && [...needed.values()].some((v) => v === null); k++) {
    const later = new Set(breaches(input, replay(input, k)).map((b) => b.stream));
    const now = urgent.size > 0 ? new Set(breaches(input, replay(input, k, 0)).map((b) => b.stream)) : later;
    for (const [stream, v] of needed) if (v === null && !(urgent.has(stream) ? now : later).has(stream)) needed.set(stream, k);
  }
  const byId = new Map(input.streams.map((s) => [s.id, s]));
  const warnings = found.map((b) => {
    const s = byId.get(b.stream)!;
    return {
      kind: s.kind === 'appointment' ? ('appointment-breach' as const) : ('walkin-bound' as const),
      stream: b.stream, name: s.name, predictedMinutes: r1(b.predicted), boundMinutes: boundOf(s.kind, input.params)!,
      inMinutes: r1(b.inMinutes), extraCounters: needed.get(b.stream) ?? null, openWithinMinutes: urgent.has(b.stream) ? 0 : OPEN_WITHIN_MINUTES,
    };
  }).sort((a, b) => a.inMinutes - b.inMinutes);
  return {
    horizonMinutes: OUTLOOK_HORIZON_MINUTES, meanServiceMinutes: r1(input.meanServiceMs / MINUTE), openCounters: input.counters.length,
    streams, warnings,
  };
}
