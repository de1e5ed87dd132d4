import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import { connection, demoWorkstation } from '../../fixtures/workstation';

async function info(ws: Awaited<ReturnType<typeof demoWorkstation>>) {
  const r = await dispatch(ws, connection(), 'system.info', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { hall: { id: string; name: string } | null; counters: Array<{ id: string; name: string; dedication: string | null }> };
}

describe('system.info', () => {
  it('answers the same frozen value while the hall is unchanged', async () => {
    const ws = await demoWorkstation();
    const a = await info(ws);
    expect(await info(ws)).toBe(a);
    expect(Object.isFrozen(a.counters[0])).toBe(true);
    await ws.close();
  });

  it('answers the new counters after the hub changes them, and a new hall after one is created', async () => {
    const ws = await demoWorkstation();
    const before = await info(ws);
    ws.hall.syncCounters([{ number: 1, name: '改名窗口', dedication: null }]);
    const renamed = await info(ws);
    expect(renamed).not.toBe(before);
    expect(renamed.counters.find((c) => c.id === 'counter-1')?.name).toBe('改名窗口');
    ws.hall.addCounter(before.hall!.id, 99, '新窗口');
    expect((await info(ws)).counters.map((c) => c.id)).toContain('counter-99');
    await ws.close();
  });
});
