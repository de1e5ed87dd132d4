import { afterEach, describe, expect, it } from 'vitest';
import type { CitizenView } from '../../../preload/contract/citizen';
import type { Connection } from '../../../main/api/context';
import { createIntakeDomain, type IntakeDeps } from '../../../main/api/domains/intake';
import { intakeHandlers, type IntakeContext } from '../../../main/api/handlers/intake';
import { completeSignature } from '../../../main/api/intake/sign';
import { EventBus } from '../../../main/core/events';
import { FileStore } from '../../../main/core/files';
import { openDatabase, type Db } from '../../../main/db/connection';
import { workstationMigrations } from '../../../main/db/migrations';
import { tempDir } from '../../fixtures/workstation';
import { signaturePng } from '../../fixtures/intake/signatures';

/**
 * The intake domain built alone from its deps (no workstation, no queue, no devices, no hub):
 * the hall and the citizen screens are plain stand-ins, the database and file store are real.
 */

let db: Db | undefined;
afterEach(() => db?.close());

function build() {
  const dataDir = tempDir('wd-intake-alone-');
  db = openDatabase({ dataDir, migrations: workstationMigrations });
  // The case history refers to staff by id: one clerk row, as the staff service would have written it.
  db.prepare(`INSERT INTO staff (id, staff_no, name, role, password_hash, active, created_at) VALUES ('s1', '1001', '王敏', 'clerk', 'x', 1, '2026-01-01T00:00:00Z')`).run();
  const shown: Array<{ counterId: string; view: CitizenView }> = [];
  const logged: string[] = [];
  const bus = new EventBus();
  const deps: IntakeDeps = {
    dataDir,
    db,
    files: new FileStore(db, dataDir),
    hall: {
      hall: () => ({ id: 'hall-test', name: '测试大厅' }),
      counter: (id) => (id === 'counter-7' ? { id, number: 7, name: '7号窗口', dedication: null } : undefined),
    },
    citizen: { show: (counterId, view) => void shown.push({ counterId, view }) },
    bus,
    log: { info: (m) => logged.push(m), error: (m) => logged.push(m) },
    now: () => new Date('2026-03-02T02:00:00Z'),
  };
  const intake = createIntakeDomain(deps);
  const conn: Connection = {
    id: 'c1', transport: 'ws', citizenCounterId: null,
    session: { id: 'sess', token: 't', staff: { id: 's1', staffNo: '1001', name: '王敏', role: 'clerk' }, counterId: 'counter-7', startedAt: '2026-03-02T02:00:00Z' },
  };
  const ctx: IntakeContext = { conn, intake };
  return { intake, ctx, shown, bus };
}

describe('the intake domain, built from its deps alone', () => {
  it('drafts a case through its handlers and shows the checklist on its counter\'s citizen screen', async () => {
    const { intake, ctx, shown } = build();
    expect(intake.hallName()).toBe('测试大厅');
    const hits = await intakeHandlers['intake.catalogSearch']({ q: '渣土', limit: 5 }, ctx);
    expect(hits.hits[0].code).toBe('SLH-XK-0001');

    const view = await intakeHandlers['intake.createDraft']({ applicant: { type: 'person', name: '张伟', idNumber: '310117198206150314' }, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' }, ctx);
    expect(view.state).toBe('draft');
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ counterId: 'counter-7', view: { mode: 'checklist', counterNumber: 7 } });
  });

  it('a signature from the citizen screen is stored, recorded on the case and announced on its bus', async () => {
    const { intake, ctx, bus } = build();
    const view = await intakeHandlers['intake.createDraft']({ applicant: { type: 'person', name: '张伟', idNumber: '310117198206150314' }, itemCode: 'SLH-XK-0001', scenarioCode: 'XB' }, ctx);
    expect(intake.elicenceAuthorisationSigned(view.id)).toBe(false);
    const { requestId } = await intakeHandlers['intake.requestSignature']({ caseId: view.id, purpose: 'elicence-authorisation', materialIds: [] }, ctx);
    const heard: unknown[] = [];
    bus.subscribe((d) => heard.push(d.name));
    await completeSignature(intake, 'counter-7', requestId, await signaturePng());
    expect(intake.elicenceAuthorisationSigned(view.id)).toBe(true);
    expect(heard).toContain('intake.signed');
  });
});
