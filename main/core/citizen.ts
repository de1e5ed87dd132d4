import type { CitizenView } from '../../preload/contract/citizen';
import { CitizenPairing } from './citizen-pairing';
import type { EventBus } from './events';
import type { HallService } from './hall/service';

/** How long the thank-you stays before the screen returns to its welcome. */
export const FINISHED_SECONDS = 15;

/** The rating question shown with the thanks (好差评). */
export interface RatingQuestion {
  serviceId: string;
  itemName: string | null;
  chosenLevel?: number | null;
  pad?: 'hid' | 'simulated' | null;
  /** The QR (an SVG) of the hub's page where this service can be rated later, and until when. */
  later?: { url: string; qrSvg: string; until: string } | null;
}

interface Clerk {
  name: string;
  staffNo: string;
}

/**
 * What each counter's citizen screen shows, so a screen that (re)attaches gets the current view,
 * and the states it passes through: welcome → called → serving → (checklist, signatures) →
 * finished → welcome. The screen never keeps an applicant's data once the service is over.
 */
export class CitizenDisplay {
  private readonly views = new Map<string, CitizenView>();
  private readonly clerks = new Map<string, Clerk>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Which browser connections may be each counter's screen. */
  readonly pairing: CitizenPairing;

  constructor(private readonly bus: EventBus, private readonly hall: HallService, now: () => number = Date.now) {
    this.pairing = new CitizenPairing(now);
  }

  current(counterId: string): CitizenView {
    return this.views.get(counterId) ?? this.welcome(counterId);
  }

  /** The clerk signed in at this counter (null at logout): named on the welcome and while serving. */
  setClerk(counterId: string, clerk: Clerk | null): void {
    if (clerk) this.clerks.set(counterId, clerk);
    else this.clerks.delete(counterId);
    this.show(counterId, this.welcome(counterId));
  }

  welcome(counterId: string): CitizenView {
    return { mode: 'welcome', counterNumber: this.number(counterId), clerkName: this.clerks.get(counterId)?.name ?? null, hallName: this.hall.hall()?.name ?? null };
  }

  serving(counterId: string, ticketNumber: string): void {
    const n = this.number(counterId);
    if (n === null) return;
    const clerk = this.clerks.get(counterId);
    this.show(counterId, { mode: 'serving', counterNumber: n, ticketNumber, clerkName: clerk?.name ?? null, staffNo: clerk?.staffNo ?? null });
  }

  /**
   * Thanks the applicant (and asks for the rating of `rating`'s service), then returns to the welcome
   * after `seconds` unless something else was shown meanwhile.
   */
  finished(counterId: string, ticketNumber: string | null, rating: RatingQuestion | null = null, seconds = FINISHED_SECONDS): void {
    clearTimeout(this.timers.get(counterId));
    this.show(counterId, { mode: 'finished', counterNumber: this.number(counterId), ticketNumber, rating: rating && { chosenLevel: null, pad: null, later: null, ...rating } });
    const timer = setTimeout(() => {
      this.timers.delete(counterId);
      if (this.views.get(counterId)?.mode === 'finished') this.show(counterId, this.welcome(counterId));
    }, seconds * 1000);
    timer.unref();
    this.timers.set(counterId, timer);
  }

  show(counterId: string, view: CitizenView): void {
    const timer = this.timers.get(counterId);
    if (timer && view.mode !== 'finished') {
      clearTimeout(timer);
      this.timers.delete(counterId);
    }
    this.views.set(counterId, view);
    this.bus.emit('citizen.view', view, counterId);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private number(counterId: string): number | null {
    return this.hall.counter(counterId)?.number ?? null;
  }
}
