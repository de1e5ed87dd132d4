/** The hub's assistance and 办不成事 routes (routes.ts), over AssistDesk and ReportDesk. */
import type Database from 'better-sqlite3';
import { DeskError } from '../../../common/errors';
import { AssistSettings } from '../../../common/assist/schema';
import { ReportSettings } from '../../../common/assist/reports';
import type { Hub } from '../hub';
import type { RouteHandlers } from '../routes';
import type { SqliteQueueStore } from '../store/sqlite';
import type { AssistDesk } from './desk';
import type { ReportDesk } from './reports';

type AssistRoutes = 'assistRequest' | 'assistCancel' | 'assistAccept' | 'assistArrive' | 'assistClose' | 'assistWalkUp' | 'assistLive'
  | 'assistLedger' | 'assistSettings' | 'assistSetSettings' | 'reportTake' | 'reportAdvance' | 'reportSupervise' | 'reports';

interface Settings { assist: AssistSettings; reports: ReportSettings }

function loadSettings(db: Database.Database): Settings {
  const row = db.prepare(`SELECT json FROM assist_settings WHERE id = 1`).get() as { json: string } | undefined;
  const raw = row ? (JSON.parse(row.json) as Partial<Settings>) : {};
  return { assist: AssistSettings.parse(raw.assist ?? {}), reports: ReportSettings.parse(raw.reports ?? {}) };
}

/** Loads the stored settings into the desks (at start) and gives the handlers. */
export function assistHandlers(hub: Hub): Pick<RouteHandlers, AssistRoutes> {
  const db = hub.store.backend === 'sqlite' ? (hub.store as SqliteQueueStore).db : null;
  if (db && hub.assist && hub.reports) {
    const s = loadSettings(db);
    hub.assist.settings = s.assist;
    hub.reports.settings = s.reports;
  }
  const desk = (): AssistDesk => {
    if (!hub.assist) throw new DeskError('NOT_FOUND', '该大厅服务未启用帮办。');
    return hub.assist;
  };
  const reports = (): ReportDesk => {
    if (!hub.reports) throw new DeskError('NOT_FOUND', '该大厅服务未启用办不成事反映。');
    return hub.reports;
  };
  return {
    assistRequest: ({ body }) => desk().request(body),
    assistCancel: ({ params, body }) => desk().cancel(params.id, body.counter),
    assistAccept: ({ params, body }) => desk().accept(params.id, body.helper, body.etaMinutes),
    assistArrive: ({ params, body }) => desk().arrive(params.id, body.helper),
    assistClose: ({ params, body }) => desk().close(params.id, body),
    assistWalkUp: ({ body }) => desk().walkUp(body),
    assistLive: () => desk().live(),
    assistLedger: ({ query }) => desk().ledger(query),
    assistSettings: () => ({ assist: desk().settings, reports: reports().settings }),
    assistSetSettings: ({ body }) => {
      desk().settings = body.assist;
      reports().settings = body.reports;
      db?.prepare(`INSERT INTO assist_settings (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json`).run(JSON.stringify(body));
      return body;
    },
    reportTake: async ({ body }) => {
      if (body.assistId !== null) desk().get(body.assistId);
      const r = await reports().take(body);
      if (body.assistId !== null) desk().linkReport(body.assistId, r.id);
      return r;
    },
    reportAdvance: ({ params, body }) => reports().advance(params.id, body, false),
    reportSupervise: ({ params, body }) => reports().advance(params.id, body, true),
    reports: () => reports().open(),
  };
}
