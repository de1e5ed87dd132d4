/**
 * Pulls the hall's reference data — catalog versions and the holiday calendar — from the hub with
 * its cursor (issue 11). Each page is validated whole before anything is written (a malformed or
 * invalid catalog or calendar throws a Chinese error, nothing of the page is kept and the cursor
 * stays), then its rows and the cursor it ends at are written in ONE transaction: a crash never
 * leaves versions without their cursor, or a cursor past versions not written.
 *
 * A hub that answers `reset` (the cursor names another hub database) is followed: versions no
 * local case references are dropped and the hub's list is taken again from its start; a version a
 * local case was drafted under is always kept (the case must keep resolving to it), and if the new
 * hub publishes other content under that version string, the local one is kept for those cases.
 * The calendar is kept until the hub sends one.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import { HolidayCalendar } from '../calendar/calendar';
import { parseCatalog, type Catalog } from '../catalog';
import { cursorOf } from './pull';

export const REFERENCE_CURSOR = 'reference';

/** What one pull page must look like (the hub's `GET /reference/changes`). */
const pageSchema = z.object({
  cursor: z.string().min(1).max(80),
  reset: z.boolean(),
  catalogs: z.array(z.object({ seq: z.number().int().positive(), catalog: z.unknown() })),
  calendar: z.unknown().nullable(),
  calendarSeeded: z.boolean().optional(),
  more: z.boolean(),
});
export type ReferencePage = z.infer<typeof pageSchema>;

export interface ReferencePullResult {
  /** Catalog versions written (new or moved in the hub's order). */
  versions: string[];
  /** A calendar arrived. */
  calendar: boolean;
  reset: boolean;
  /** Versions the hub sent with other content than a local case was drafted under: the local one was kept. */
  kept: string[];
}

function checkPage(raw: unknown): { page: ReferencePage; catalogs: Array<{ seq: number; catalog: Catalog }>; calendar: HolidayCalendar | null } {
  const r = pageSchema.safeParse(raw);
  if (!r.success) throw new DeskError('HUB_BAD_RESPONSE', '大厅服务返回的事项目录与日历数据格式不符，本次未同步，本机继续使用现有目录和日历；请确认工作站与大厅服务版本一致。');
  const page = r.data;
  const catalogs = page.catalogs.map((c) => ({ seq: c.seq, catalog: parseCatalog(c.catalog) }));
  const calendar = page.calendar === null ? null : HolidayCalendar.parse(page.calendar);
  return { page, catalogs, calendar };
}

export async function pullReference(db: Database, fetch: (cursor: string | null) => Promise<unknown>, now: () => number = Date.now, maxPages = 100): Promise<ReferencePullResult> {
  const referenced = db.prepare('SELECT 1 FROM cases WHERE catalog_version = ? LIMIT 1');
  const existing = db.prepare('SELECT catalog FROM catalog_versions WHERE version = ?');
  const put = db.prepare(`INSERT INTO catalog_versions (version, catalog, hub_seq, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (version) DO UPDATE SET catalog = excluded.catalog, hub_seq = excluded.hub_seq, received_at = excluded.received_at`);
  const order = db.prepare('UPDATE catalog_versions SET hub_seq = ? WHERE version = ?');
  const putCalendar = db.prepare(`INSERT INTO reference_calendar (id, calendar, seeded, received_at) VALUES (1, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET calendar = excluded.calendar, seeded = excluded.seeded, received_at = excluded.received_at`);
  const save = db.prepare(`INSERT INTO sync_cursors (name, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`);
  const out: ReferencePullResult = { versions: [], calendar: false, reset: false, kept: [] };
  for (let i = 0; i < maxPages; i++) {
    const { page, catalogs, calendar } = checkPage(await fetch(cursorOf(db, REFERENCE_CURSOR)));
    const at = now();
    db.transaction(() => {
      if (page.reset) {
        db.prepare('DELETE FROM catalog_versions WHERE version NOT IN (SELECT DISTINCT catalog_version FROM cases)').run();
        db.prepare('UPDATE catalog_versions SET hub_seq = NULL').run();
      }
      for (const { seq, catalog } of catalogs) {
        const body = JSON.stringify(catalog);
        const prior = existing.get(catalog.version) as { catalog: string } | undefined;
        if (prior && prior.catalog !== body && referenced.get(catalog.version)) {
          // Same version string, other content (another hub database): the drafted cases keep theirs.
          order.run(seq, catalog.version);
          out.kept.push(catalog.version);
        } else put.run(catalog.version, body, seq, at);
        out.versions.push(catalog.version);
      }
      if (calendar) putCalendar.run(JSON.stringify(calendar.data), page.calendarSeeded ? 1 : 0, at);
      save.run(REFERENCE_CURSOR, page.cursor, at);
    })();
    out.reset ||= page.reset;
    out.calendar ||= calendar !== null;
    if (!page.more) break;
  }
  return out;
}

/** The stored catalog versions, oldest first in the hub's order (versions no longer at the hub first). */
export function storedCatalogs(db: Database): Array<{ version: string; catalog: unknown; hubSeq: number | null }> {
  return (db.prepare('SELECT version, catalog, hub_seq AS hubSeq FROM catalog_versions ORDER BY hub_seq IS NOT NULL, hub_seq').all() as Array<{ version: string; catalog: string; hubSeq: number | null }>)
    .map((r) => ({ ...r, catalog: JSON.parse(r.catalog) as unknown }));
}

/** The hall's calendar as last pulled (null before the first pull); `seeded`: the hub's bundled default. */
export function storedCalendar(db: Database): { calendar: unknown; seeded: boolean } | null {
  const r = db.prepare('SELECT calendar, seeded FROM reference_calendar WHERE id = 1').get() as { calendar: string; seeded: number } | undefined;
  return r ? { calendar: JSON.parse(r.calendar) as unknown, seeded: r.seeded === 1 } : null;
}
