import { ESLint, RuleTester } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import layering from '../../../eslint-rules/layering.js';

const root = path.resolve(__dirname, '../../..');
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const at = (rel: string) => path.join(root, rel);
const options = [{ root }];

tester.run('layering', layering, {
  valid: [
    { filename: at('main/electron/main.ts'), code: "import { app } from 'electron';", options },
    { filename: at('preload/index.ts'), code: "import { contextBridge } from 'electron'; import { errorMessage } from '../common/errors';", options },
    { filename: at('main/core/audit/index.ts'), code: "import { createHash } from 'node:crypto'; import type { Db } from '../../db/connection';", options },
    { filename: at('main/api/dispatch.ts'), code: "import { calls } from '../../preload/contract'; import { DeskError } from '../../common/errors';", options },
    { filename: at('renderer/src/api/client.ts'), code: "import type { Result } from '../../../preload/contract';", options },
    { filename: at('renderer/src/scan.ts'), code: "import { WedgeDetector } from '../../common/barcode/wedge'; import { useState } from 'react';", options },
    { filename: at('preload/contract/session.ts'), code: "import { z } from 'zod'; import { call } from './define'; import { hallDay } from '../../common/hall-time';", options },
    { filename: at('main/core/queue/service.ts'), code: "import { HubClient } from '../../hub/client';", options },
    { filename: at('native/idcard/sim-cards.ts'), code: "import { mod11CheckChar } from '../../common/identity';", options },
    { filename: at('common/identity/permits.ts'), code: "import dayjs from 'dayjs'; import { z } from 'zod'; import { DeskError } from '../errors';", options },
    { filename: at('common/queue/params.ts'), code: "import type { PolicyParams } from './types';", options },
    { filename: at('common/x.ts'), code: "import { parse } from 'date-fns';", options: [{ root, commonPackages: ['zod', 'date-fns'] }] },
    // main/boot composes the workstation and the embedded hub; the two shells start it
    { filename: at('main/boot/index.ts'), code: "import { createWorkstation } from '../api/workstation'; import { MemorySettings } from '../core/settings'; import { openDatabase } from '../db/connection';", options },
    { filename: at('main/boot/index.ts'), code: "import { startHub } from '../hub'; import { HubClient } from '../hub/client'; import { DeviceRegistry } from '../../native';", options },
    { filename: at('main/boot/index.ts'), code: "import { calls } from '../../preload/contract'; import { DeskError } from '../../common/errors'; import { parseShellOptions } from './options';", options },
    { filename: at('main/host/cli.ts'), code: "import { bootWorkstation } from '../boot';", options },
    { filename: at('main/electron/main.ts'), code: "import { bootWorkstation, type BootOptions } from '../boot';", options },
  ],
  invalid: [
    { filename: at('main/core/planted.ts'), code: "import 'electron';", options, errors: [{ messageId: 'electron' }] },
    { filename: at('main/host/server.ts'), code: "const { app } = require('electron');", options, errors: [{ messageId: 'electron' }] },
    { filename: at('native/idcard/x.ts'), code: "export { app } from 'electron';", options, errors: [{ messageId: 'electron' }] },
    // the renderer runs in a browser
    { filename: at('renderer/src/x.ts'), code: "import fs from 'node:fs';", options, errors: [{ messageId: 'nodeInRenderer' }] },
    { filename: at('renderer/src/x.ts'), code: "import Database from 'better-sqlite3';", options, errors: [{ messageId: 'nodeInRenderer' }] },
    { filename: at('renderer/src/x.ts'), code: "import { SerialPort } from 'serialport';", options, errors: [{ messageId: 'nodeInRenderer' }] },
    { filename: at('renderer/src/x.ts'), code: "import { openDatabase } from '../../main/db/connection';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('renderer/src/x.ts'), code: "const m = await import('../../native/idcard');", options, errors: [{ messageId: 'layer' }] },
    // what the per-file allowlist used to let through: the renderer reaches nothing in main/ or native/
    { filename: at('renderer/src/pages/intake/applicant.ts'), code: "import { maskIdNumber } from '../../../../main/core/identity';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('renderer/src/components/barcode/route.ts'), code: "import type { BarcodePayload } from '../../../../native/types';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('renderer/src/x.ts'), code: "import { HidPosScanner } from '../../native/barcode/hidpos';", options, errors: [{ messageId: 'layer' }] },
    // common/ runs in Node and in the browser
    { filename: at('common/planted.ts'), code: "import fs from 'node:fs';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import { createHash } from 'crypto';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "const p = require('path');", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import Database from 'better-sqlite3';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import { WebSocketServer } from 'ws';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import { createRoot } from 'react-dom/client';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import 'electron';", options, errors: [{ messageId: 'electron' }] },
    { filename: at('common/planted.ts'), code: "import { DeskError } from '../main/core/staff/service';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import type { CardRead } from '../native/types';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import { t } from '../renderer/src/i18n';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import { calls } from '../preload/contract';", options, errors: [{ messageId: 'commonDeps' }] },
    { filename: at('common/planted.ts'), code: "import data from '../resources/demo/applicants.json';", options, errors: [{ messageId: 'commonDeps' }] },
    // the other layers
    { filename: at('main/core/x.ts'), code: "import { dispatch } from '../api/dispatch';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/core/x.ts'), code: "import { startHost } from '../host/server';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/core/x.ts'), code: "import { startHub } from '../hub/server';", options, errors: [{ messageId: 'layer' }] },
    // nothing below the shells starts the workstation
    { filename: at('main/core/x.ts'), code: "import { bootWorkstation } from '../boot';", options, errors: [{ messageId: 'layer', data: { layer: 'core', target: 'boot', source: '../boot' } }] },
    { filename: at('main/db/x.ts'), code: "import type { BootOptions } from '../boot';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/hub/x.ts'), code: "export { bootWorkstation } from '../boot';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/api/x.ts'), code: "const boot = await import('../boot');", options, errors: [{ messageId: 'layer' }] },
    { filename: at('native/idcard/x.ts'), code: "import { bootWorkstation } from '../../main/boot';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('preload/contract/x.ts'), code: "import type { BootOptions } from '../../main/boot';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('renderer/src/x.ts'), code: "import { bootWorkstation } from '../../main/boot';", options, errors: [{ messageId: 'layer' }] },
    // boot is started by the shells and never reaches back into them
    { filename: at('main/boot/index.ts'), code: "import { startHost } from '../host/server';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/boot/index.ts'), code: "import { createWindows } from '../electron/windows';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/boot/index.ts'), code: "import { t } from '../../renderer/src/i18n';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('preload/contract/x.ts'), code: "import fs from 'node:fs';", options, errors: [{ messageId: 'contractDeps' }] },
    { filename: at('preload/contract/x.ts'), code: "import { DeskError } from '../../main/core/staff/service';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('preload/index.ts'), code: "import { dispatch } from '../main/api/dispatch';", options, errors: [{ messageId: 'layer' }] },
  ],
});

describe('the project lint configuration', () => {
  const eslint = new ESLint({ cwd: root });
  const ruleIds = async (code: string, rel: string) => (await eslint.lintText(code, { filePath: at(rel) }))[0].messages.map((m) => m.ruleId);

  it('fails a planted electron import in main/core', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const x = app;\n", 'main/core/planted.ts')).toContain('local/layering');
  });

  it('fails a renderer that reaches for the database, main/ or native/', async () => {
    expect(await ruleIds("import Database from 'better-sqlite3';\nexport const d = Database;\n", 'renderer/src/planted.ts')).toContain('local/layering');
    expect(await ruleIds("import { maskIdNumber } from '../../main/core/cases';\nexport const m = maskIdNumber;\n", 'renderer/src/planted.ts')).toContain('local/layering');
    expect(await ruleIds("import { HidPosScanner } from '../../native/barcode';\nexport const s = HidPosScanner;\n", 'renderer/src/planted.ts')).toContain('local/layering');
  });

  it('fails main/core code that imports the boot, and passes the boot and the shells as they are', async () => {
    expect(await ruleIds("import { bootWorkstation } from '../boot';\nexport const b = bootWorkstation;\n", 'main/core/planted.ts')).toContain('local/layering');
    const results = await eslint.lintFiles(['main/boot/**/*.ts', 'main/host/**/*.ts', 'main/electron/**/*.ts']);
    expect(results.some((r) => r.filePath.includes(`main${path.sep}boot`))).toBe(true);
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'local/layering')).toEqual([]);
  });

  it("fails common/ code that imports 'node:fs'", async () => {
    expect(await ruleIds("import fs from 'node:fs';\nexport const read = fs.readFileSync;\n", 'common/planted.ts')).toContain('local/layering');
  });

  it('passes the shared layer as it is', async () => {
    const results = await eslint.lintFiles(['common/**/*.ts']);
    expect(results.length).toBeGreaterThan(5);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });

  describe('import cycles', () => {
    // import-x/no-cycle follows imports on disk, so the planted modules are real files for the test's length.
    const dir = at(`main/core/planted-cycle-${process.pid}`);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('fails a planted runtime cycle', async () => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = (): number => (a.length ? 0 : 1);\n");
      const results = await eslint.lintFiles([path.join(dir, '*.ts')]);
      expect(results.map((r) => r.messages.map((m) => m.ruleId))).toEqual([['import-x/no-cycle'], ['import-x/no-cycle']]);
    });
  });
});
