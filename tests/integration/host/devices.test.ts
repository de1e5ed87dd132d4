import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import type { Connection } from '../../../main/api/context';
import type { Workstation } from '../../../main/api/workstation';
import { connection, demoWorkstation } from '../../fixtures/workstation';

let ws: Workstation;
let conn: Connection;
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ws = await demoWorkstation();
  conn = connection();
  expect(await dispatch(ws, conn, 'session.login', { staffNo: '1001', password: 'demo1001', counterId: 'counter-1' })).toMatchObject({ ok: true });
});
afterAll(async () => ws.close());

describe('devices through the contract (simulated devices)', () => {
  it('lists the simulated devices and labels them', async () => {
    const r = await dispatch(ws, conn, 'devices.list', {});
    expect(r.ok).toBe(true);
    const kinds = (r as { value: Array<{ kind: string; simulated: boolean }> }).value;
    expect(kinds.map((d) => d.kind).sort()).toEqual(['barcode', 'idcard', 'printer', 'scanner']);
    expect(kinds.every((d) => d.simulated)).toBe(true);
  });

  it('reads a demo applicant card placed in the simulated reader, masks the number for display, and audits the read', async () => {
    expect(await dispatch(ws, conn, 'devices.simulateCard', { idNumber: '310117198206150314' })).toMatchObject({ ok: true, value: { presented: '张伟' } });
    const r = await dispatch(ws, conn, 'devices.readIdCard', {});
    expect(r).toMatchObject({ ok: true, value: { simulated: true, identity: { name: '张伟', idNumber: '310117198206150314', idNumberMasked: expect.stringMatching(/^3101\*+0314$/) } } });
    expect(ws.audit.recent(1)[0]).toMatchObject({ action: 'devices.readIdCard', outcome: 'ok' });
  });

  it('refuses an unknown demo card', async () => {
    expect(await dispatch(ws, conn, 'devices.simulateCard', { idNumber: '110101199001011234' })).toMatchObject({ ok: false, error: { code: 'DEMO_CARD_UNKNOWN' } });
  });

  it('scans pages into the file store with their hashes', async () => {
    const r = await dispatch(ws, conn, 'devices.scan', { source: 'adf', maxPages: 3 });
    expect(r.ok).toBe(true);
    const pages = (r as { value: { pages: Array<{ fileId: string; sha256: string }> } }).value.pages;
    expect(pages.length).toBe(3);
    expect(ws.files.read(pages[0].fileId).file.sha256).toBe(pages[0].sha256);
  });

  it('stores an uploaded camera capture, and refuses bytes that are not what they claim', async () => {
    const ok = await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'camera' });
    expect(ok).toMatchObject({ ok: true, value: { mime: 'image/png' } });
    const bad = await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: Buffer.from('not an image at all').toString('base64'), mime: 'image/png', source: 'camera' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'FILE_CONTENT_MISMATCH' } });
  });

  it('refuses to print a file that is not a PDF', async () => {
    const up = (await dispatch(ws, conn, 'devices.uploadCapture', { dataBase64: PNG_1x1, mime: 'image/png', source: 'import' })) as { value: { fileId: string } };
    expect(await dispatch(ws, conn, 'devices.print', { fileId: up.value.fileId })).toMatchObject({ ok: false, error: { code: 'PRINT_NOT_PDF' } });
  });

  it('runs the device self-test on the simulated reader', async () => {
    expect(await dispatch(ws, conn, 'devices.test', { kind: 'idcard' })).toMatchObject({ ok: true, value: { ok: true, simulated: true } });
  });
});
