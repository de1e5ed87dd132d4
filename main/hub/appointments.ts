/**
 * Appointments at the hub: the day's bookings (imported from the unified booking platform, or
 * generated for a demo), check-in by ID number / appointment code / name + phone, the check-in
 * window, late arrivals turned into walk-ins, and no-shows.
 */
import { DeskError } from '../../common/errors';
import { classifyPersonId, normaliseIdNumber } from '../../common/identity';
import type { Appointment, CheckInRequest, Ticket } from './protocol';
import type { NewTicket } from './store/types';
import { formatNumber, type HallQueue } from './queue';
import type { NewAppointment } from './store/types';
import { atHallTime, hallClock, hallDay } from '../../common/hall-time';

export class AppointmentDesk {
  constructor(private q: HallQueue) {}

  /** The booking platform's rows carry plain ID numbers: the store keeps only their hash and mask. */
  async import(rows: Omit<NewAppointment, 'day' | 'status' | 'ticketId' | 'checkedInAt' | 'note'>[]): Promise<{ inserted: number; unchanged: number }> {
    for (const r of rows) {
      if (r.slotEnd <= r.slotStart) throw new DeskError('INVALID_INPUT', `预约 ${r.code} 的时段结束时间早于开始时间，本批预约未导入。`);
    }
    const full: NewAppointment[] = rows.map((r) => ({ ...r, day: hallDay(r.slotStart), status: 'booked', ticketId: null, checkedInAt: null, note: null }));
    const r = await this.q.store.putAppointments(full, this.q.hall.slots.capacity);
    if (r.inserted > 0) this.q.pullDue('appointments');
    return r;
  }

  async slots(day: string) {
    const { open, close, slotMinutes, capacity } = this.q.hall.slots;
    const booked = await this.q.store.listAppointments(day);
    const out = [];
    for (let s = atHallTime(day, open); s < atHallTime(day, close); s += slotMinutes * 60_000) {
      out.push({ slotStart: s, slotEnd: s + slotMinutes * 60_000, capacity, booked: booked.filter((a) => a.slotStart === s && a.status !== 'cancelled').length });
    }
    return out;
  }

  private async find(req: CheckInRequest, day: string): Promise<Appointment[]> {
    if (req.by === 'code') return this.q.store.findAppointments({ day, code: req.code });
    if (req.by === 'idNumber') {
      // A mistyped digit otherwise reads as "no appointment": say what is wrong instead.
      if (!classifyPersonId(req.idNumber)) throw new DeskError('ID_NUMBER_INVALID', '证件号码校验不通过（可能有一位输错），请核对后重新输入，或放置身份证读取。');
      return this.q.store.findAppointments({ day, idNumber: normaliseIdNumber(req.idNumber) });
    }
    return this.q.store.findAppointments({ day, name: req.name, phone: req.phone });
  }

  /** Chooses which of a person's appointments today this arrival is for: the booked one nearest now. */
  private choose(list: Appointment[], now: number): Appointment {
    if (list.length === 0) throw new DeskError('UNKNOWN_APPOINTMENT', '未查到今天的预约，请核对证件号、预约码或姓名手机号，或现场取号。');
    const booked = list.filter((a) => a.status === 'booked' || a.status === 'no_show');
    if (booked.length === 0) {
      const done = list.find((a) => a.status === 'checked_in' || a.status === 'late_walkin');
      if (done) throw new DeskError('ALREADY_CHECKED_IN', `该预约已于 ${hallClock(done.checkedInAt ?? now)} 签到，请留意叫号，无需重复签到。`);
      throw new DeskError('UNKNOWN_APPOINTMENT', '该预约已取消，请现场取号。');
    }
    return booked.sort((a, b) => Math.abs(a.slotStart - now) - Math.abs(b.slotStart - now))[0];
  }

  /**
   * Check-in rules: earlier than `earlyMinutes` before the slot → refused (come back later);
   * within the window → an appointment ticket due at max(now, slot start);
   * later than `lateMinutes` after slot start → a walk-in ticket with a note (the booking is kept as late_walkin).
   */
  async checkIn(req: CheckInRequest): Promise<{ appointment: Appointment; ticket: Ticket; late: boolean }> {
    const q = this.q;
    const now = q.now();
    const a = this.choose(await this.find(req, hallDay(now)), now);
    const { earlyMinutes, lateMinutes } = q.hall.checkIn;
    const opensAt = a.slotStart - earlyMinutes * 60_000;
    if (now < opensAt) {
      throw new DeskError('OUTSIDE_CHECKIN_WINDOW', `预约时段为 ${hallClock(a.slotStart)}，签到从 ${hallClock(opensAt)} 开始，请届时再签到。`);
    }
    const late = now > a.slotStart + lateMinutes * 60_000;
    const s = late ? q.streamOfKind('walkin') : q.streamOfKind('appointment');
    const note = late ? `预约迟到（原预约 ${hallClock(a.slotStart)}），按现场号排队` : null;
    const ticket: NewTicket = {
      day: hallDay(now), stream: s.id, kind: s.kind, series: 'hub', source: 'checkin', status: 'waiting',
      itemCode: a.itemCode, note, targetCounter: null, dueAt: late ? now : Math.max(now, a.slotStart), issuedAt: now, appointmentId: a.id,
    };
    Object.assign(ticket, await q.forecast.forNew(ticket));
    const out = await q.store.checkIn(a.id, late ? 'late_walkin' : 'checked_in', now, note, ticket, s.prefix, (n) => formatNumber(s.prefix, n));
    if (!out) throw new DeskError('ALREADY_CHECKED_IN', '该预约刚刚已签到，请留意叫号，无需重复签到。');
    // Checked in with the ID card (or its number): the counter that calls this ticket may start 受理 from
    // it, as for a walk-in read at the kiosk — kept beside the ticket for the day, never in the booking.
    if (req.by === 'idNumber' && a.name) await q.store.putTicketHolder(out.ticket.id, out.ticket.day, { idNumber: normaliseIdNumber(req.idNumber), name: a.name });
    await q.emitQueue();
    q.pullDue('appointments');
    return { ...out, late };
  }

  /** Records as no-show every booking still unclaimed after its slot ended plus the late threshold. */
  async sweepNoShows(): Promise<number> {
    const now = this.q.now();
    let n = 0;
    for (const a of await this.q.store.listAppointments(hallDay(now))) {
      if (a.status === 'booked' && now > a.slotEnd + this.q.hall.checkIn.lateMinutes * 60_000) {
        if (await this.q.store.updateAppointment(a.id, ['booked'], { status: 'no_show', note: '未到（爽约）' })) n++;
      }
    }
    if (n > 0) this.q.pullDue('appointments');
    return n;
  }
}
