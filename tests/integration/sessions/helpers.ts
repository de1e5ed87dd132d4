import type { Connection } from '../../../main/api/context';
import { dispatch } from '../../../main/api/dispatch';
import type { Workstation } from '../../../main/api/workstation';
import { connection, demoWorkstation } from '../../fixtures/workstation';

/** A clock the test moves by hand: sessions age and go idle without a single sleep. */
export class TestClock {
  t = Date.parse('2026-12-01T01:00:00.000Z');
  now = () => new Date(this.t);
  advance(minutes: number): void {
    this.t += minutes * 60_000;
  }
}

export interface Desk {
  ws: Workstation;
  clock: TestClock;
  conn(id: string): Connection;
  call(conn: Connection, name: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

export async function desk(): Promise<Desk> {
  const clock = new TestClock();
  const ws = await demoWorkstation({ now: clock.now });
  return {
    ws,
    clock,
    conn: (id) => ({ ...connection(), id }),
    call: (conn, name, input = {}) => dispatch(ws, conn, name as never, input as never) as never,
  };
}
