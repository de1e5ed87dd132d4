import { ESLint, RuleTester } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layering from '../../../eslint-rules/layering.js';

const root = path.resolve(__dirname, '../../..');
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const at = (rel: string) => path.join(root, rel);
const options = [{ root, rendererMayImport: ['native/barcode/wedge.ts'] }];

tester.run('layering', layering, {
  valid: [
    { filename: at('main/electron/main.ts'), code: "import { app } from 'electron';", options },
    { filename: at('preload/index.ts'), code: "import { contextBridge } from 'electron';", options },
    { filename: at('main/core/audit/index.ts'), code: "import { createHash } from 'node:crypto'; import type { Db } from '../../db/connection';", options },
    { filename: at('main/api/dispatch.ts'), code: "import { calls } from '../../preload/contract';", options },
    { filename: at('renderer/src/api/client.ts'), code: "import type { Result } from '../../../preload/contract';", options },
    { filename: at('renderer/src/scan.ts'), code: "import { WedgeDetector } from '../../native/barcode/wedge';", options },
    { filename: at('preload/contract/session.ts'), code: "import { z } from 'zod'; import { call } from './define';", options },
    { filename: at('main/core/queue/service.ts'), code: "import { HubClient } from '../../hub/client';", options },
  ],
  invalid: [
    { filename: at('main/core/planted.ts'), code: "import 'electron';", options, errors: [{ messageId: 'electron' }] },
    { filename: at('main/host/server.ts'), code: "const { app } = require('electron');", options, errors: [{ messageId: 'electron' }] },
    { filename: at('native/idcard/x.ts'), code: "export { app } from 'electron';", options, errors: [{ messageId: 'electron' }] },
    { filename: at('renderer/src/x.ts'), code: "import fs from 'node:fs';", options, errors: [{ messageId: 'nodeInRenderer' }] },
    { filename: at('renderer/src/x.ts'), code: "import Database from 'better-sqlite3';", options, errors: [{ messageId: 'nodeInRenderer' }] },
    { filename: at('renderer/src/x.ts'), code: "import { openDatabase } from '../../main/db/connection';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('renderer/src/x.ts'), code: "const m = await import('../../native/idcard');", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/core/x.ts'), code: "import { dispatch } from '../api/dispatch';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/core/x.ts'), code: "import { startHost } from '../host/server';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('main/core/x.ts'), code: "import { startHub } from '../hub/server';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('preload/contract/x.ts'), code: "import fs from 'node:fs';", options, errors: [{ messageId: 'contractDeps' }] },
    { filename: at('preload/contract/x.ts'), code: "import { DeskError } from '../../main/core/errors';", options, errors: [{ messageId: 'layer' }] },
    { filename: at('preload/index.ts'), code: "import { dispatch } from '../main/api/dispatch';", options, errors: [{ messageId: 'layer' }] },
  ],
});

describe('the project lint configuration', () => {
  it('fails a planted electron import in main/core', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const x = app;\n", { filePath: at('main/core/planted.ts') });
    expect(result.messages.map((m) => m.ruleId)).toContain('local/layering');
    expect(result.errorCount).toBeGreaterThan(0);
  });

  it('fails a renderer that reaches for the database', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText("import Database from 'better-sqlite3';\nexport const d = Database;\n", { filePath: at('renderer/src/planted.ts') });
    expect(result.messages.some((m) => m.ruleId === 'local/layering')).toBe(true);
  });
});
