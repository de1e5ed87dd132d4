import { DeskError } from '../../../common/errors';
import { completeSignature } from '../intake/sign';
import type { CitizenDisplay } from '../../core/citizen';
import type { Connection } from '../context';
import type { HallLookup } from '../domains/deps';
import type { IntakeDomain } from '../domains/intake';
import type { HandlerMap } from './types';

export interface CitizenContext {
  conn: Connection;
  hall: HallLookup;
  citizen: Pick<CitizenDisplay, 'show' | 'current'>;
  /** A signature on the citizen screen completes an intake request. */
  intake: IntakeDomain;
  /** Only a desktop shell opens windows on other displays. */
  openCitizenWindow?: (counterId: string) => void;
}

export const citizenHandlers: HandlerMap<'citizen.attach' | 'citizen.openScreen' | 'citizen.show' | 'citizen.sign', CitizenContext> = {
  'citizen.attach'({ counterId }, ctx) {
    if (!ctx.hall.counter(counterId)) throw new DeskError('UNKNOWN_COUNTER', '窗口不存在。');
    ctx.conn.citizenCounterId = counterId;
    return ctx.citizen.current(counterId);
  },
  'citizen.openScreen'({ counterId }, ctx) {
    if (!ctx.hall.counter(counterId)) throw new DeskError('UNKNOWN_COUNTER', '窗口不存在。');
    const open = ctx.openCitizenWindow;
    if (!open) return { opened: false };
    open(counterId);
    return { opened: true };
  },
  /** Only the citizen screen attached to a counter can sign, and only the request pending there. */
  async 'citizen.sign'({ requestId, pngBase64 }, ctx) {
    const counterId = ctx.conn.citizenCounterId;
    if (!counterId) throw new DeskError('CITIZEN_NOT_ATTACHED', '只有窗口的群众屏可以提交签名。');
    await completeSignature(ctx.intake, counterId, requestId, pngBase64);
    return { done: true as const };
  },
  'citizen.show'({ view }, ctx) {
    const counterId = ctx.conn.session?.counterId;
    if (!counterId) throw new DeskError('NO_COUNTER', '登录时未选择窗口，无法向群众屏推送。');
    ctx.citizen.show(counterId, view);
    return { done: true as const };
  },
};
