/** What the 同步 page shows of each kind: the handler's view of an outbox row and the page's Chinese labels for it. */
import { describe, expect, it } from 'vitest';
import { bundledCalendar } from '../../../main/core/calendar';
import { AssistService } from '../../../main/core/assist/service';
import { RatingService, RatingStore } from '../../../main/core/rating';
import { Outbox } from '../../../main/core/sync/outbox';
import { CASE_FILE, CaseFileJournal } from '../../../main/core/sync/case-files';
import { openDatabase } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { opView } from '../../../main/api/handlers/sync';
import { detailOf, kindLabel, stepOf, subjectOf } from '../../../renderer/src/pages/sync/format';
import { Workstation } from '../../fixtures/sync-world';

describe('同步 page rows', () => {
  it('labels a case step, a rating and its offer, a 求助 and a 办不成事 report with their subjects', async () => {
    const clock = { now: () => Date.parse('2026-03-02T02:00:00.000Z') };
    const ws = new Workstation(null, clock);
    const outbox = ws.outbox;
    await ws.readyDraft();
    const rating = new RatingService({ store: new RatingStore(ws.db), outbox, calendar: bundledCalendar, screens: { finished: () => {} }, now: () => new Date(clock.now()), laterDays: () => 7, screenSeconds: () => 120 });
    const s = rating.served({ counterId: 'c3', counterNumber: 3, staffId: 's1', staffNo: 'C001', ticketRef: null, ticketNumber: 'A017' });
    const r = rating.rateAtCounter('c3', s.id, { level: 2, reasons: ['efficiency'] }, 'screen');
    const assist = new AssistService(ws.db, () => null, { outbox, now: clock.now, changed: () => {} });
    const clerk = { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' };
    await assist.request(clerk, 3, 'fill', '老人不会填写申请表', 'A018');
    await assist.takeReport(clerk, { kind: 'repeated', counter: 3, applicant: '李娟', contact: '', itemName: '居住证办理', description: '第三次来仍未办成', assistId: null });

    const rows = outbox.list(['pending']).map(opView).map((o) => [kindLabel(o.kind), subjectOf(o), detailOf(o), stepOf(o)]);
    expect(rows[0]).toEqual(['办件环节', '（未编号草稿）', expect.any(String), '收件登记（1）']);
    expect(rows.slice(-4)).toEqual([
      ['扫码评价登记', '票号 A017 · 3 号窗口', null, '—'],
      ['评价', `评价编号 ${r.id} · 3 号窗口`, null, '—'],
      ['求助', '3 号窗口', '老人不会填写申请表', '帮办填报'],
      ['办不成事登记', '3 号窗口', '居住证办理 · 第三次来仍未办成', '多次到中心仍未办成'],
    ]);
    expect(kindLabel('future.kind')).toBe('future.kind');
  });

  it('labels a scanned material (扫描件) with its case and material, told from a signature’s image', async () => {
    const clock = { now: () => Date.parse('2026-03-02T02:00:00.000Z') };
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const outbox = new Outbox(db, clock.now);
    const ws = new Workstation(null, clock, { db, outbox, journal: new CaseFileJournal(db, outbox) });
    const id = await ws.readyDraft();
    const material = (db.prepare(`SELECT m.name FROM case_attachments a JOIN case_materials m ON m.case_id = a.case_id AND m.material_id = a.material_id WHERE a.case_id = ? ORDER BY a.id LIMIT 1`).get(id) as { name: string }).name;
    const rows = outbox.list(['pending']).map(opView).filter((o) => o.kind === CASE_FILE);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((o) => [kindLabel(o.kind), subjectOf(o), stepOf(o)])).toEqual(rows.map(() => ['扫描件', '（未编号草稿）', '材料扫描件']));
    expect(rows.map((o) => detailOf(o))).toContain(material);
    expect(rows[0].caseId).toBe(id);
  });

  it('an operation of a kind this version does not know is still listed, by its kind', () => {
    const db = openDatabase({ dataDir: ':memory:', migrations: workstationMigrations });
    const outbox = new Outbox(db);
    db.transaction(() => outbox.enqueue('future.kind', 'future:1', { x: 1 }))();
    const [v] = outbox.list(['pending']).map(opView);
    expect(v).toMatchObject({ kind: 'future.kind', caseNumber: null, counter: null, subject: null });
    expect([kindLabel(v.kind), subjectOf(v), stepOf(v)]).toEqual(['future.kind', '—', '—']);
  });
});
