/**
 * The hall's reference data at the hub (issue 11): catalog versions and the holiday calendar,
 * published by an administrator (CLI `catalog-publish` / `calendar-publish`, or the supervisor
 * route) and pulled by every workstation with a hub-issued cursor.
 *
 * Rules: a file is validated with the workstation's own schemas before anything is written (a bad
 * one is refused in Chinese, nothing changes); a catalog version is published once — the same
 * content again answers "unchanged", other content under a published version is refused (cases
 * drafted under it must keep resolving to what they were drafted under); a calendar that drops a
 * year the hall's current one covers is refused (a truncated file would turn holidays into working
 * days). Every publication (and refusal) is audited. At first start the bundled catalog and
 * calendar become the hall's first ones (published by `bundled`, not audited: no one acted).
 */
import { createHash } from 'node:crypto';
import bundledCalendar from '../../../resources/calendar/cn-holidays.json' with { type: 'json' };
import bundledCatalog from '../../../resources/catalog/demo-catalog.json' with { type: 'json' };
import { DeskError } from '../../../common/errors';
import { HolidayCalendar } from '../../core/calendar/calendar';
import { holidayCalendarSchema } from '../../core/calendar/schema';
import { catalogSchema } from '../../core/catalog/schema';
import type { Publication, ReferencePull } from './protocol';
import type { ReferenceKind, ReferenceStore, StoredPublication } from './store';

/** Publications per pull page: a catalog is tens of kilobytes to a few megabytes. */
export const REFERENCE_PAGE = 5;

export interface ReferenceAudit {
  (entry: { action: string; outcome: 'ok' | 'refused'; target: string; actorStaffId?: string; details: Record<string, unknown> }): void;
}

/** Who published the bundled first catalog and calendar. */
const SEED = 'bundled';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class HubReference {
  constructor(
    readonly store: ReferenceStore,
    private readonly now: () => number,
    private readonly audit: ReferenceAudit = () => {},
  ) {}

  /** The bundled catalog and calendar become the hall's first ones (a no-op once any of a kind exists). */
  async seed(): Promise<void> {
    for (const [kind, json] of [['catalog', bundledCatalog], ['calendar', bundledCalendar]] as const) {
      await this.publishParsed(kind, json, SEED, { onlyIfEmpty: true });
    }
  }

  publishCatalog(json: unknown, by: string): Promise<Publication> {
    return this.publishParsed('catalog', json, by);
  }

  publishCalendar(json: unknown, by: string): Promise<Publication> {
    return this.publishParsed('calendar', json, by);
  }

  private async publishParsed(kind: ReferenceKind, json: unknown, by: string, o: { onlyIfEmpty?: boolean } = {}): Promise<Publication> {
    // What the refusal of an invalid file names: the version it claims, if any.
    let version = kind === 'catalog' && typeof (json as { version?: unknown })?.version === 'string' ? String((json as { version: string }).version).slice(0, 80) : kind;
    try {
      const parsed = kind === 'catalog' ? validCatalog(json) : validCalendar(json);
      const body = JSON.stringify(parsed.data);
      const digest = sha256(body);
      version = kind === 'catalog' ? parsed.version : `calendar-${digest.slice(0, 12)}`;
      const { publication: p, inserted } = await this.store.publish(
        { kind, version, body, sha256: digest, publishedAt: this.now(), publishedBy: by },
        ({ sameVersion, latest }) => {
          if (o.onlyIfEmpty && latest) return { insert: false, existing: latest };
          if (sameVersion) {
            if (sameVersion.sha256 === digest) return { insert: false, existing: sameVersion };
            throw new DeskError('INVALID_INPUT', `事项目录版本 ${version} 已于 ${new Date(sameVersion.publishedAt).toISOString().slice(0, 10)} 发布，内容不同；已发布的版本不能修改（按该版本办理的办件须保持不变），请换用新的版本号后发布。大厅现有目录未改变。`);
          }
          if (kind === 'calendar' && latest) {
            if (latest.sha256 === digest) return { insert: false, existing: latest };
            const before = HolidayCalendar.parse(JSON.parse(latest.body)).coveredYears();
            const missing = before.filter((y) => !(parsed as { calendar: HolidayCalendar }).calendar.covers(y));
            if (missing.length) throw new DeskError('INVALID_INPUT', `新日历缺少 ${missing.join('、')} 年的放假安排（现行日历已有），未发布；请使用包含各年安排的完整日历文件。`);
          }
          return { insert: true };
        },
      );
      // The seed is no administrator's act: the list itself says `bundled` (reference-list).
      if (inserted && !o.onlyIfEmpty) this.audit({ action: `hub.reference.${kind}-published`, outcome: 'ok', target: version, actorStaffId: by, details: { kind, version, seq: p.seq, sha256: digest } });
      return { kind, version: p.version, seq: p.seq, publishedAt: p.publishedAt, publishedBy: p.publishedBy, unchanged: !inserted };
    } catch (e) {
      if (!o.onlyIfEmpty) this.audit({ action: `hub.reference.${kind}-published`, outcome: 'refused', target: version, actorStaffId: by, details: { kind, version, reason: (e as Error).message.slice(0, 300) } });
      throw e;
    }
  }

  /** One page after `cursor` (`<epoch>:<seq>`); another database's cursor answers `reset` and starts over. */
  async pull(cursor: string | undefined, limit = REFERENCE_PAGE): Promise<ReferencePull> {
    const epoch = await this.store.epoch();
    let after = 0;
    let reset = !cursor;
    if (cursor) {
      const [e, n] = cursor.split(':');
      if (e !== epoch) reset = true;
      else after = Number(n);
    }
    const rows = await this.store.after(after, limit + 1);
    const page = rows.slice(0, limit);
    const calendars = page.filter((r) => r.kind === 'calendar');
    const latest = await this.store.latest('catalog');
    return {
      cursor: `${epoch}:${page.length ? page[page.length - 1].seq : after}`,
      reset,
      catalogs: page.filter((r) => r.kind === 'catalog').map((r) => ({ seq: r.seq, catalog: JSON.parse(r.body) as unknown })),
      calendar: calendars.length ? (JSON.parse(calendars[calendars.length - 1].body) as unknown) : null,
      calendarSeeded: calendars.length > 0 && calendars[calendars.length - 1].publishedBy === SEED,
      current: latest?.version ?? null,
      more: rows.length > limit,
    };
  }

  list(): Promise<Array<Omit<StoredPublication, 'body'>>> {
    return this.store.list();
  }
}

/** Where in the file, as a path an administrator can find (items.3.materials.0.name), and what is wrong. */
function where(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '文件'}：${i.message}`).join('；');
}

function validCatalog(json: unknown) {
  const r = catalogSchema.safeParse(json);
  if (!r.success) throw new DeskError('INVALID_INPUT', `事项目录文件不正确（${where(r.error.issues)}），未发布；大厅现有目录未改变。`);
  return { data: r.data, version: r.data.version };
}

function validCalendar(json: unknown) {
  const r = holidayCalendarSchema.safeParse(json);
  if (!r.success) throw new DeskError('INVALID_INPUT', `节假日日历文件不正确（${where(r.error.issues)}），未发布；大厅现有日历未改变。`);
  return { data: r.data, version: '', calendar: new HolidayCalendar(r.data) };
}
