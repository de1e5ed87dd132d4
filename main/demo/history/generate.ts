// `npm run -s demo -- history`: working days of a demo hall's life, written through the real
// workstation and hub services on a moving clock — tickets called at counters, appointments
// checked in (and some no-shows), cases taken, completed days later (some overdue), results
// handed out; ratings after services with their 差评 follow-ups, 求助 and 办不成事 reports
// (ratings.ts, assist.ts). Seeded: the same seed writes the same history.
import dayjs from 'dayjs';
import { atHallTime, hallDay } from '../../../common/hall-time';
import { addWorkingDays, isWorkingDay } from '../../core/calendar';
import { Rng } from '../../core/queue/sim/rng';
import { Agenda } from './agenda';
import { HistoryAssist, type AssistFigures } from './assist';
import { HistoryCases, type Actor } from './cases';
import { openDemoHall, type DemoHall } from './hall';
import { HistoryRatings, type RatingFigures, type StaffMember } from './ratings';

export interface HistoryOptions {
  dataDir: string;
  /** Working days to write, ending with `lastDay`. */
  days: number;
  /** Default: the hall day before today. */
  lastDay?: string;
  seed?: number;
  log?: (line: string) => void;
}

export interface HistorySummary {
  days: string[];
  tickets: number;
  noShows: number;
  cases: number;
  completed: number;
  refused: number;
  ratings: RatingFigures;
  assistance: AssistFigures;
}

const MINUTE = 60_000;
/** Walk-ins per hour from 09:00 (a morning peak, a lunch dip), before the day's own factor. */
const WALKINS_PER_HOUR = [14, 12, 8, 5, 5, 8, 7, 4];
const COUNTERS = [1, 2, 3, 4, 5, 6];

export function workingDaysEnding(last: string, n: number): string[] {
  const out: string[] = [];
  for (let d = dayjs(last); out.length < n; d = d.subtract(1, 'day')) {
    const s = d.format('YYYY-MM-DD');
    if (isWorkingDay(s)) out.unshift(s);
  }
  return out;
}

interface Serving { ticketId: number; number: string; itemCode: string | null; until: number }

interface Life {
  hall: DemoHall;
  rng: Rng;
  cases: HistoryCases;
  ratings: HistoryRatings;
  assist: HistoryAssist;
  agenda: Agenda;
  /** Case ids whose back-office decision falls due on a day. */
  due: Map<string, string[]>;
  actors: Map<number, Actor>;
  sum: Omit<HistorySummary, 'ratings' | 'assistance'>;
}

async function simulateDay(life: Life, day: string): Promise<void> {
  const { hall, rng, cases, ratings, assist, agenda, due, actors, sum } = life;
  const { client, clock, hub } = hall;
  clock.set(atHallTime(day, '08:30'));
  await hub.hub.closeStaleDays();
  await hub.hub.seedDemoDay();
  // The back office's decisions that fall due today, handed out in the afternoon.
  const toFinish = due.get(day) ?? [];
  const appts = await client.appointments(day);
  const factor = 0.6 + rng.next() * 0.9;
  const arrivals: { at: number; kind: 'walkin' | 'appointment'; code?: string }[] = [];
  for (const a of appts) {
    if (rng.next() < 0.1) continue; // 爽约: the hub's sweep marks it
    arrivals.push({ at: a.slotStart + Math.round(rng.normal(-6, 5)) * MINUTE, kind: 'appointment', code: a.code });
  }
  WALKINS_PER_HOUR.forEach((rate, h) => {
    const n = Math.round(rate * factor + rng.normal(0, 1.5));
    for (let i = 0; i < n; i++) arrivals.push({ at: atHallTime(day, '09:00') + (h * 60 + rng.next() * 60) * MINUTE, kind: 'walkin' });
  });
  arrivals.sort((x, y) => x.at - y.at);
  const serving = new Map<number, Serving>();
  const open = COUNTERS.filter(() => rng.next() < 0.92);
  assist.planDay(day, open, (n) => serving.get(n)?.number ?? null);
  let next = 0;
  let waiting = 0;
  for (let t = atHallTime(day, '08:45'); t <= atHallTime(day, '17:30'); t += MINUTE) {
    clock.set(t);
    await agenda.runUntil(t);
    while (next < arrivals.length && arrivals[next].at <= t) {
      const a = arrivals[next++];
      if (t >= atHallTime(day, '17:00')) continue;
      // A check-in the hub refuses (the sweep got there first) is a no-show, not a ticket.
      const ok = a.kind === 'appointment' ? await client.checkIn({ by: 'code', code: a.code! }).then(() => true, () => false) : !!(await client.issue({ stream: 'A', source: 'kiosk' }));
      if (ok) {
        sum.tickets++;
        waiting++;
      }
    }
    for (const n of open) {
      const s = serving.get(n);
      if (s && t >= s.until) {
        await client.finish(s.ticketId, n);
        serving.delete(n);
        const actor = actors.get(n)!;
        if (rng.next() < 0.55) {
          const c = cases.take(actor, { id: s.ticketId, number: s.number }, s.itemCode);
          if (c) {
            sum.cases++;
            if (!c.instant) {
              // Most are decided within the promised limit; one in eight runs over it.
              const after = rng.next() < 0.125 ? c.limit + 1 + Math.floor(rng.next() * 3) : 1 + Math.floor(rng.next() * Math.max(1, c.limit));
              const on = addWorkingDays(day, after);
              due.set(on, [...(due.get(on) ?? []), c.id]);
            } else sum.completed++;
          }
        }
        // After the case (so the rating is bound to it), the citizen screen asks, as after 结束 at a real counter.
        ratings.served(day, { ...actor, counterNumber: n }, { id: s.ticketId, number: s.number });
      }
      if (!serving.has(n) && waiting > 0 && t < atHallTime(day, '17:15')) {
        const r = await client.callNext(n);
        if (r.ticket) {
          waiting--;
          await client.start(r.ticket.id, n);
          serving.set(n, { ticketId: r.ticket.id, number: r.ticket.number, itemCode: r.ticket.itemCode, until: t + Math.max(3, Math.round(rng.lognormal(10, 5))) * MINUTE });
        }
      }
    }
    if (t === atHallTime(day, '14:00')) for (const id of toFinish) if (cases.finish(id, actors.get(1)!)) sum.completed++;
    if (t % (15 * MINUTE) === 0) sum.noShows += (await hub.hub.appointments.sweepNoShows());
  }
  // The day's case steps and ratings reach the hub before the night closes the day's 日动态.
  await ratings.drain();
  await hall.ws.sync.engine?.drain();
  due.delete(day);
}

export async function generateHistory(o: HistoryOptions): Promise<HistorySummary> {
  const log = o.log ?? (() => {});
  const lastDay = o.lastDay ?? dayjs(hallDay(Date.now())).subtract(1, 'day').format('YYYY-MM-DD');
  const days = workingDaysEnding(lastDay, o.days);
  const rng = new Rng(o.seed ?? 20261201);
  const hall = await openDemoHall(o.dataDir, atHallTime(days[0], '08:00'), log);
  const sum: Life['sum'] = { days, tickets: 0, noShows: 0, cases: 0, completed: 0, refused: 0 };
  try {
    const staff = hall.ws.db.prepare(`SELECT id, staff_no AS staffNo, name, role FROM staff ORDER BY staff_no`).all() as StaffMember[];
    const byRole = (role: string) => staff.filter((m) => m.role === role);
    const clerks = byRole('clerk');
    const counters = hall.ws.db.prepare(`SELECT id, number FROM counters ORDER BY number`).all() as { id: string; number: number }[];
    const actors = new Map(counters.map((c) => [c.number, { staffId: clerks[c.number % clerks.length].id, counterId: c.id }]));
    const member = (id: string) => staff.find((m) => m.id === id)!;
    const agenda = new Agenda();
    const life: Life = {
      hall, rng, agenda, actors, sum, due: new Map(),
      cases: new HistoryCases(hall.ws, rng),
      ratings: new HistoryRatings(hall.ws, rng, agenda, byRole('supervisor')[0], member),
      assist: new HistoryAssist(hall.ws, rng, agenda, {
        assistant: byRole('assistant')[0], leader: byRole('supervisor')[0], clerkAt: (n) => member(actors.get(n)!.staffId), sweep: () => hall.hub.hub.assist.sweep(),
      }),
    };
    for (const day of days) {
      await simulateDay(life, day);
      log(`${day}：累计取号 ${sum.tickets}，办件 ${sum.cases}`);
    }
    // Close the last day, so its 日动态 is kept like every other.
    const after = dayjs(lastDay).add(1, 'day').format('YYYY-MM-DD');
    hall.clock.set(atHallTime(after, '08:00'));
    await hall.hub.hub.closeStaleDays();
    renewDemoPasswords(hall);
    sum.refused = life.cases.failures;
    if (life.cases.failures) log(`有 ${life.cases.failures} 次办件操作被拒绝（如事项不受理个人申请），最后一次：${life.cases.lastFailure}`);
    return { ...sum, ratings: life.ratings.figures(after), assistance: await life.assist.figures() };
  } finally {
    await hall.close();
  }
}

/**
 * The demo accounts were made when the history began, months before today: by the password policy
 * (passwordMaxAgeDays, 90) they would all be expired, and the demo logins of README.md would open on
 * 修改密码. As an administrator's renewal would, the history's last act dates their passwords today
 * (real time, not the history's clock), in the audit log like any account change.
 */
function renewDemoPasswords(hall: DemoHall): void {
  const at = new Date().toISOString();
  const n = hall.ws.db.prepare('UPDATE staff SET password_changed_at = ? WHERE must_change_password = 0').run(at).changes;
  hall.ws.audit.record({ actorStaffId: null, source: 'demo-history', action: 'demo.passwordsRenewed', target: null, outcome: 'ok', details: { accounts: n } });
}
