/** The hub's assistance and 办不成事 routes (routes.ts), over AssistDesk and ReportDesk. */
import type { Hub } from '../hub';
import type { RouteHandlers } from '../routes';
import { readSettings } from './store';

type AssistRoutes = 'assistRequest' | 'assistCancel' | 'assistAccept' | 'assistArrive' | 'assistClose' | 'assistWalkUp' | 'assistLive'
  | 'assistLedger' | 'assistSettings' | 'assistSetSettings' | 'reportTake' | 'reportAdvance' | 'reportSupervise' | 'reports';

/** The handlers; the settings are read from the store at each use (another hub process may have changed them). */
export function assistHandlers(hub: Hub): Pick<RouteHandlers, AssistRoutes> {
  const desk = hub.assist;
  const reports = hub.reports;
  return {
    assistRequest: ({ body }) => desk.request(body),
    assistCancel: ({ params, body }) => desk.cancel(params.id, body.counter),
    assistAccept: ({ params, body }) => desk.accept(params.id, body.helper, body.etaMinutes),
    assistArrive: ({ params, body }) => desk.arrive(params.id, body.helper),
    assistClose: ({ params, body }) => desk.close(params.id, body),
    assistWalkUp: ({ body }) => desk.walkUp(body),
    assistLive: () => desk.live(),
    assistLedger: ({ query }) => desk.ledger(query),
    assistSettings: () => readSettings(desk.store),
    assistSetSettings: async ({ body }) => {
      await desk.store.saveSettings(JSON.stringify(body));
      return body;
    },
    reportTake: async ({ body }) => {
      if (body.assistId !== null) await desk.get(body.assistId);
      const r = await reports.take(body);
      if (body.assistId !== null) await desk.linkReport(body.assistId, r.id);
      return r;
    },
    reportAdvance: ({ params, body }) => reports.advance(params.id, body, false),
    reportSupervise: ({ params, body }) => reports.advance(params.id, body, true),
    reports: () => reports.open(),
  };
}
