import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { createWorkstation } from '../../../main/api/workstation';
import { DEMO_STAFF } from '../../../main/core/demo/seed';
import { MemorySettings } from '../../../main/core/settings';
import { connection, tempDir } from '../../fixtures/workstation';
import { enrolTestDevice, startTestHub } from './helpers';

const supervisor = DEMO_STAFF.find((s) => s.role === 'supervisor')!;

describe('a workstation anchors its audit chain at a real hub', () => {
  it('ships the head at logout; audit.verify checks against the hub, catches truncation, and names the local anchor when the hub is gone', async () => {
    const { hub } = await startTestHub();
    // The workstation enrolled with the hub (as an administrator's code would): all the hall's counters.
    const hubCredential = await enrolTestDevice(hub, 'workstation', hub.hub.queue.hall.counters.map((c) => c.number));
    const ws = await createWorkstation({
      dataDir: tempDir(), demo: true, shell: 'browser', settings: new MemorySettings(), version: 'test',
      hubUrl: hub.url, hubMode: 'remote', hubCredential, log: { info: () => {}, error: () => {} },
    });
    try {
      const conn = connection();
      const login = () => dispatch(ws, conn, 'session.login', { staffNo: supervisor.staffNo, password: supervisor.password, counterId: null });
      expect(await login()).toMatchObject({ ok: true });
      expect(await dispatch(ws, conn, 'session.logout', {})).toMatchObject({ ok: true });
      await ws.auditAnchors.ship('manual');
      const id = ws.queue.link.workstationId;
      const held = hub.audit!.anchors.latest(id)!;
      expect(held.seq).toBe(ws.audit.head()!.seq);

      await login();
      // The hub's own log names the workstation behind each mutating call (the header HubClient sends).
      expect(await dispatch(ws, conn, 'queue.issue', { stream: 'A' })).toMatchObject({ ok: true });
      const issued = hub.audit!.log.recent(50).find((r) => r.action === 'hub.issue')!;
      expect(issued).toMatchObject({ outcome: 'ok', source: '127.0.0.1' });
      expect(JSON.parse(issued.details)).toMatchObject({ workstation: id });
      const ok = await dispatch(ws, conn, 'audit.verify', {});
      expect(ok).toMatchObject({ ok: true, value: { ok: true, status: 'ok', hubReachable: true, anchor: { seq: held.seq, source: 'hub' } } });

      // The newest rows deleted by someone with the file (triggers dropped, counter wound back).
      ws.db.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update');
      ws.db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(held.seq - 1);
      ws.db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(held.seq - 2);
      const cut = await dispatch(ws, conn, 'audit.verify', {});
      expect(cut).toMatchObject({ ok: true, value: { ok: false, status: 'truncated', reason: 'behind-anchor', anchor: { seq: held.seq, source: 'hub' } } });

      await hub.close();
      const offline = await dispatch(ws, conn, 'audit.verify', {});
      expect(offline).toMatchObject({ ok: true, value: { ok: false, status: 'truncated', hubReachable: false, anchor: { seq: held.seq, source: 'local' } } });
    } finally {
      await ws.close();
      await hub.close();
    }
  });
});
