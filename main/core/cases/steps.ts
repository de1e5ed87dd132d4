/**
 * The parts every case operation shares: parsing its input, loading the case and a material, the
 * editability rule of materials, and writing a step (case_events, and the journal in the same
 * transaction: the sync outbox commits with the step or not at all).
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { DeskError } from '../../../common/errors';
import { rowToCase, rowToMaterial, type CaseRecord } from './record';
import type { Actor } from './inputs';
import { STATE_LABELS, type CaseState } from './states';

/** One step of a case's trail, as recorded in case_events. */
export interface CaseStep {
  id: string;
  caseId: string;
  type: string;
  from: CaseState | null;
  to: CaseState | null;
  at: string;
  timeSource: 'hub' | 'local';
  staffId: string;
  counterId: string;
  payload: Record<string, unknown>;
}

export interface CaseJournal {
  /** Runs inside the step's transaction; throwing undoes the step. */
  step(s: CaseStep): void;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new DeskError('INPUT_INVALID', `${what}填写不完整或格式不正确（${i?.path.join('.') || '输入'}：${i?.message}），请检查后重试。`);
  }
  return r.data;
}

export class CaseSteps {
  constructor(private readonly db: Database, private readonly opts: { newId: () => string; timeSource?: () => 'hub' | 'local'; journal?: CaseJournal }) {}

  event(caseId: string, type: string, from: CaseState | null, to: CaseState | null, actor: Actor, at: string, payload: Record<string, unknown>): void {
    const id = this.opts.newId();
    const timeSource = this.opts.timeSource?.() ?? 'local';
    this.db.prepare('INSERT INTO case_events (id, case_id, type, from_state, to_state, actor_staff_id, counter_id, at, payload, time_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, caseId, type, from, to, actor.staffId, actor.counterId, at, JSON.stringify(payload), timeSource);
    this.opts.journal?.step({ id, caseId, type, from, to, at, timeSource, staffId: actor.staffId, counterId: actor.counterId, payload });
  }

  touch(caseId: string, at: string): void {
    this.db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(at, caseId);
  }

  load(caseId: string): CaseRecord {
    const r = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(caseId);
    if (!r) throw new DeskError('CASE_NOT_FOUND', `找不到办件 ${caseId}，请核对后重试。`);
    return rowToCase(r);
  }

  material(c: CaseRecord, materialId: string) {
    const r = this.db.prepare('SELECT * FROM case_materials WHERE case_id = ? AND material_id = ?').get(c.id, materialId);
    if (!r) throw new DeskError('MATERIAL_NOT_FOUND', `本办件没有材料 ${materialId}，请刷新材料清单。`);
    return rowToMaterial(r);
  }

  /** Materials change while the case is a draft or being corrected; after acceptance only those asked for as 容缺 follow-up. */
  assertMaterialsEditable(c: CaseRecord, materialId: string): void {
    if (c.state === 'draft' || c.state === 'correction-requested') return;
    const followUp = (c.state === 'accepted' || c.state === 'in-review') && c.deficiency?.materials.some((m) => m.id === materialId);
    if (!followUp) throw new DeskError('CASE_MATERIALS_LOCKED', `办件当前为“${STATE_LABELS[c.state]}”，材料不能再修改。`);
  }
}
