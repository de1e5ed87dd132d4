import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/db/migrate';
import { workstationMigrations } from '../../../../main/db/migrations';
import { step } from '../helpers';

const insertCase = (db: Database.Database, id: string, agent: string | null) =>
  db.prepare(`INSERT INTO cases (id, hall_code, state, item_code, item_name, scenario_code, scenario_name, catalog_version, instant,
      promised_limit_days, delivery_options, applicant_type, applicant_name, applicant_credit_code, agent, created_at, created_by, counter_id, updated_at)
    VALUES (?, 'XH', 'draft', 'I', 'n', 'S', 's', 'v', 0, 5, '[]', 'company', '上海松沪渣土运输有限公司', '91310117MA1J3K5P28', ?, 't', 's1', 'c1', 't')`).run(id, agent);

describe('workstation migration 0006 case-agent', () => {
  it('adds the agent columns (relation and ID type checked, an index on the ID number) and the signature binding columns', () => {
    const { db, added } = step(workstationMigrations, 'case-agent');
    expect(added).toEqual(['cases_agent_id']);
    const cols = (t: string) => (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('cases').filter((c) => c.startsWith('agent_'))).toEqual(['agent_name', 'agent_id_type', 'agent_id_number', 'agent_phone', 'agent_relation', 'agent_authority']);
    expect(cols('case_signatures').slice(-10)).toEqual(['signer_relation', 'image_width', 'image_height', 'document_sha256', 'document_file_id', 'staff_id', 'device_id', 'time_source', 'local_at', 'binding_sha256']);
    insertCase(db, 'c1', null);
    expect(() => db.prepare(`UPDATE cases SET agent_relation = 'friend' WHERE id = 'c1'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE cases SET agent_id_type = 'passport' WHERE id = 'c1'`).run()).toThrow(/CHECK/);
    const sig = db.prepare(`INSERT INTO case_signatures (id, case_id, purpose, signer_name, image_sha256, signed_at, counter_id, time_source, document_sha256)
      VALUES (?, 'c1', 'commitment', '张三丰', '${'a'.repeat(64)}', 't', 'c1', ?, ?)`);
    expect(() => sig.run('s1', 'guessed', null)).toThrow(/CHECK/);
    expect(() => sig.run('s2', 'hub', 'short')).toThrow(/CHECK/);
    sig.run('s3', 'local', 'b'.repeat(64));
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM cases WHERE agent_id_number = '310104199009210480'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/cases_agent_id/);
  });

  it('on a database at 0005 with cases in it: an agent kept as JSON becomes an entrusted agent in the new columns; other rows are untouched', () => {
    const db = new Database(':memory:');
    migrate(db, workstationMigrations.slice(0, 5));
    const legacy = { name: '李娜', idNumber: '310104199009210480', phone: '13800001111', authorisation: { scope: '代为办理新办', reference: '授权委托书 2026-001' } };
    insertCase(db, 'with-agent', JSON.stringify(legacy));
    insertCase(db, 'no-agent', null);
    insertCase(db, 'broken', '{not json');
    db.prepare(`INSERT INTO case_signatures (id, case_id, purpose, signer_name, image_sha256, signed_at, counter_id) VALUES ('old-sig', 'with-agent', 'commitment', '张伟', '${'d'.repeat(64)}', 't', 'c1')`).run();

    expect(migrate(db, workstationMigrations.slice(0, 6)).applied).toEqual(['case-agent']);
    const row = (id: string) => db.prepare(`SELECT agent, agent_name, agent_id_type, agent_id_number, agent_phone, agent_relation, agent_authority FROM cases WHERE id = ?`).get(id);
    expect(row('with-agent')).toEqual({
      agent: JSON.stringify(legacy), agent_name: '李娜', agent_id_type: 'resident-id', agent_id_number: '310104199009210480', agent_phone: '13800001111',
      agent_relation: 'entrusted', agent_authority: JSON.stringify({ basis: 'power-of-attorney', materialId: null, note: '授权委托书 2026-001；代为办理新办' }),
    });
    expect(row('no-agent')).toMatchObject({ agent_name: null, agent_relation: null });
    expect(row('broken')).toMatchObject({ agent: '{not json', agent_name: null });
    // A signature recorded before binding existed keeps its row, unbound.
    expect(db.prepare(`SELECT signer_name, document_sha256, binding_sha256 FROM case_signatures WHERE id = 'old-sig'`).get()).toEqual({ signer_name: '张伟', document_sha256: null, binding_sha256: null });
  });
});
