import type { CitizenView } from '../../preload/contract/citizen';
import type { EventBus } from './events';
import type { HallService } from './hall/service';

/** Remembers what each counter's citizen screen shows, so a screen that (re)attaches gets the current view. */
export class CitizenDisplay {
  private readonly views = new Map<string, CitizenView>();

  constructor(private readonly bus: EventBus, private readonly hall: HallService) {}

  current(counterId: string): CitizenView {
    return this.views.get(counterId) ?? { mode: 'welcome', counterNumber: this.hall.counter(counterId)?.number ?? null, clerkName: null };
  }

  show(counterId: string, view: CitizenView): void {
    this.views.set(counterId, view);
    this.bus.emit('citizen.view', view, counterId);
  }
}
