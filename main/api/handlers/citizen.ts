import { DeskError } from '../../../common/errors';
import { completeSignature } from '../intake/sign';
import type { CitizenDisplay } from '../../core/citizen';
import { sessionOf, type Connection } from '../context';
import type { HallLookup } from '../domains/deps';
import type { IntakeDomain } from '../domains/intake';
import type { HandlerMap } from './types';

export interface CitizenContext {
  conn: Connection;
  hall: HallLookup;
  citizen: Pick<CitizenDisplay, 'show' | 'current' | 'pairing'>;
  /** A signature on the citizen screen completes an intake request. */
  intake: IntakeDomain;
  /** Only a desktop shell opens windows on other displays. */
  openCitizenWindow?: (counterId: string) => void;
}

function knownCounter(ctx: CitizenContext, counterId: string): void {
  if (!ctx.hall.counter(counterId)) throw new DeskError('UNKNOWN_COUNTER', '窗口不存在。');
}

type CitizenCall = 'citizen.attach' | 'citizen.pairingCode' | 'citizen.pair' | 'citizen.openScreen' | 'citizen.show' | 'citizen.sign';

export const citizenHandlers: HandlerMap<CitizenCall, CitizenContext> = {
  /** A connection already bound to the counter (the shell's window, a paired tab), or one bringing its binding back after a reconnect. */
  'citizen.attach'({ counterId, binding }, ctx) {
    knownCounter(ctx, counterId);
    if (ctx.conn.citizenCounterId !== counterId) {
      if (!binding || !ctx.citizen.pairing.bound(counterId, binding)) {
        throw new DeskError('CITIZEN_NOT_PAIRED', '群众屏尚未与窗口配对：请输入工作人员屏幕上显示的 6 位配对码。');
      }
      ctx.conn.citizenCounterId = counterId;
    }
    return ctx.citizen.current(counterId);
  },
  'citizen.pairingCode'(_input, ctx) {
    const counterId = sessionOf(ctx).counterId;
    if (!counterId) throw new DeskError('NO_COUNTER', '登录时未选择窗口，无法配对群众屏。');
    return ctx.citizen.pairing.issue(counterId);
  },
  'citizen.pair'({ counterId, code }, ctx) {
    knownCounter(ctx, counterId);
    const binding = ctx.citizen.pairing.redeem(counterId, code);
    ctx.conn.citizenCounterId = counterId;
    return { binding };
  },
  'citizen.openScreen'({ counterId }, ctx) {
    knownCounter(ctx, counterId);
    const open = ctx.openCitizenWindow;
    if (!open) return { opened: false };
    open(counterId);
    return { opened: true };
  },
  /** Only the citizen screen bound to a counter can sign, and only the request pending at that counter. */
  async 'citizen.sign'({ requestId, pngBase64 }, ctx) {
    const counterId = ctx.conn.citizenCounterId;
    if (!counterId) throw new DeskError('CITIZEN_NOT_ATTACHED', '只有与本窗口配对的群众屏可以提交签名。');
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
