import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import type { CaseView } from '../../../preload/contract/intake';
import { connection, demoWorkstation } from '../../fixtures/workstation';

let ws: Workstation;
let clerk: Connection;
// A clock the test moves: cases accepted "now" become near-due and then overdue.
let clock = new Date('2026-03-02T02:00:00Z');

async function ok<T = unknown>(name: string, input: unknown): Promise<T> {
  const r = await dispatch(ws, clerk, name as never, input as never);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return (r as { value: T }).value;
}

// Days pass between the steps: a session lasts 12 hours, so the clerk signs in again each day.
const signIn = () => ok('session.login', { staffNo: '1001', password: 'demo1001', counterId: ws.hall.counters()[0].id });

beforeAll(async () => {
  ws = await demoWorkstation({ now: () => clock });
  clerk = connection();
  await signIn();
});
afterAll(async () => ws.close());

describe('near-due and overdue cases', () => {
  it('lists an accepted case as near-due before its due date and overdue after it', async () => {
    let c = await ok<CaseView>('intake.createDraft', { applicant: { type: 'company', name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28' }, itemCode: 'SLH-XK-0001', scenarioCode: 'XB', agent: { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' } });
    c = (await ok<{ case: CaseView }>('intake.applyElicences', { caseId: c.id, authorisation: 'signed-form' })).case;
    for (const id of ['M01', 'M04', 'M05', 'M06', 'M07']) c = await ok<CaseView>('intake.setMaterial', { caseId: c.id, materialId: id, choice: { kind: 'original-sighted' } });
    c = (await ok<{ case: CaseView }>('intake.accept', { caseId: c.id })).case;
    expect(c.dueDate).not.toBeNull();
    expect(await ok<{ nearDue: unknown[]; overdue: unknown[] }>('intake.due', {})).toEqual({ nearDue: [], overdue: [] });

    clock = new Date(`${c.dueDate}T01:00:00Z`);
    await signIn();
    const near = await ok<{ nearDue: Array<{ id: string; workingDaysLeft: number }>; overdue: unknown[] }>('intake.due', {});
    expect(near.nearDue).toMatchObject([{ id: c.id, workingDaysLeft: 0 }]);

    clock = new Date(new Date(`${c.dueDate}T01:00:00Z`).getTime() + 10 * 86_400_000);
    await signIn();
    const late = await ok<{ nearDue: unknown[]; overdue: Array<{ id: string; workingDaysLeft: number }> }>('intake.due', {});
    expect(late.nearDue).toEqual([]);
    expect(late.overdue[0].id).toBe(c.id);
    expect(late.overdue[0].workingDaysLeft).toBeLessThan(0);
  });
});
