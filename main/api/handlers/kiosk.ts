import { DeskError, isDeskError } from '../../../common/errors';
import { maskPersonName } from '../../../common/identity';
import type { Connection } from '../context';
import type { DevicesDomain } from '../domains/devices';
import type { QueueDomain } from '../domains/queue';
import type { KioskCards } from '../kiosk/cards';
import type { HandlerMap } from './types';
import type { EnrolmentStatus, WorkstationEnrolment } from '../../core/trust/workstation-enrolment';

/** The kiosk's card reader: check in the holder's appointment, or hold the card for a walk-in ticket. */
export interface KioskContext {
  conn: Connection;
  queue: QueueDomain;
  devices: DevicesDomain;
  kioskCards: KioskCards;
  hubEnrolment: WorkstationEnrolment;
}

const kioskStatus = (s: EnrolmentStatus) => ({ needsEnrolment: s.mode !== 'embedded' && !s.device, enrolled: s.device !== null, hubUrl: s.hubUrl });

export const kioskHandlers: HandlerMap<'queue.kioskReader' | 'queue.kioskCard' | 'queue.kioskIssue' | 'kiosk.enrolment' | 'kiosk.enrol', KioskContext> = {
  'kiosk.enrolment'(_i, ctx) {
    return kioskStatus(ctx.hubEnrolment.status());
  },
  async 'kiosk.enrol'({ hubUrl, code }, ctx) {
    return kioskStatus(await ctx.hubEnrolment.enrolKiosk(hubUrl ?? null, code));
  },
  'queue.kioskReader'(_i, ctx) {
    const { idcard, simReader } = ctx.devices.registry;
    return { reader: !idcard ? 'none' : simReader ? 'simulated' : 'device' };
  },
  async 'queue.kioskCard'({ simulate }, ctx) {
    const reader = ctx.devices.registry.idcard;
    if (!reader) throw new DeskError('DEVICE_NOT_CONFIGURED', '本机未配置身份证读卡器，请输入证件号签到，或直接选择业务取号。');
    if (simulate) ctx.devices.placeSimulatedCard(ctx.devices.demoCard(simulate));
    // The simulated card leaves with its holder, as a real one does: the next person is not read as them.
    const { identity } = await reader.readCard().finally(() => simulate && ctx.devices.placeSimulatedCard(null));
    try {
      const { ticket, slip } = await ctx.queue.service.kioskCheckIn({ by: 'idNumber', idNumber: identity.idNumber });
      return { kind: 'ticket' as const, ticket: { ...ticket, slip: slip ? await ctx.queue.slips.print(slip) : null } };
    } catch (e) {
      if (!isDeskError(e) || e.code !== 'UNKNOWN_APPOINTMENT') throw e;
      // No booking today: a walk-in whose card is carried with the ticket into 受理 at the counter.
      return { kind: 'walkin' as const, token: ctx.kioskCards.put({ idNumber: identity.idNumber, name: identity.name }), name: maskPersonName(identity.name) };
    }
  },
  // The slip prints before the answer, so the kiosk can say whether it came out; a failed slip never loses the ticket.
  async 'queue.kioskIssue'({ stream, card }, ctx) {
    const { ticket, slip } = await ctx.queue.service.kioskIssue(stream, card ? ctx.kioskCards.take(card) : undefined);
    return { ...ticket, slip: await ctx.queue.slips.print(slip) };
  },
};
