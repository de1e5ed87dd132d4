import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The fuses the packaged binary gets. electron-builder cannot run here (no Electron binary), so the
 * test takes the `electronFuses` of electron-builder.yml through electron-builder's own translation
 * (PlatformPackager.generateFuseConfig, what `npm run dist` calls right before signing) and flips
 * them with @electron/fuses in a stand-in binary carrying Electron's fuse wire as shipped
 * (sentinel, version 1, Electron's defaults), then reads the wire back.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(this: unknown, fuses: unknown): Promise<Record<string, unknown>> } } };
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
  flipFuses(file: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(file: string): Promise<Record<string, unknown>>;
};
const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants') as { FuseState: Record<string, number>; SENTINEL: string };

type BuilderConfig = { electronFuses?: Record<string, boolean>; protocols?: unknown; asar?: unknown; linux?: Record<string, unknown>; win?: Record<string, unknown>; mac?: Record<string, unknown> };
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** A file laid out like Electron's binary around its fuse wire: junk, sentinel, version, length, one byte per fuse. */
function standInBinary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-fuses-'));
  const file = path.join(dir, 'windowdesk');
  // Electron's shipped defaults for the 8 V1 fuses: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
  // --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on.
  const wire = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), Buffer.alloc(4096, 0xcc)]));
  return file;
}

describe('the Electron fuses the build flips', () => {
  it('are configured in electron-builder.yml, flipped by electron-builder itself (not an afterPack hook)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // Integrity needs the asar (and its embedded hash): not disabled anywhere.
    expect(config.asar).toBe(true);
  });

  it('land in the binary as intended, through electron-builder’s translation and @electron/fuses', async () => {
    const binary = standInBinary();
    try {
      const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({ config }, config.electronFuses);
      expect(await fuses.flipFuses(binary, fuseConfig)).toBe(1);
      const wire = await fuses.getCurrentFuseWire(binary);
      const { FuseV1Options: F } = fuses;
      const state = (option: number) => (wire[option] === FuseState.ENABLE ? 'on' : wire[option] === FuseState.DISABLE ? 'off' : `?${String(wire[option])}`);
      expect({
        RunAsNode: state(F.RunAsNode!),
        EnableNodeOptionsEnvironmentVariable: state(F.EnableNodeOptionsEnvironmentVariable!),
        EnableNodeCliInspectArguments: state(F.EnableNodeCliInspectArguments!),
        OnlyLoadAppFromAsar: state(F.OnlyLoadAppFromAsar!),
        EnableEmbeddedAsarIntegrityValidation: state(F.EnableEmbeddedAsarIntegrityValidation!),
        EnableCookieEncryption: state(F.EnableCookieEncryption!),
        GrantFileProtocolExtraPrivileges: state(F.GrantFileProtocolExtraPrivileges!),
      }).toEqual({
        RunAsNode: 'off',
        EnableNodeOptionsEnvironmentVariable: 'off',
        EnableNodeCliInspectArguments: 'off',
        OnlyLoadAppFromAsar: 'on',
        EnableEmbeddedAsarIntegrityValidation: 'on',
        EnableCookieEncryption: 'on',
        GrantFileProtocolExtraPrivileges: 'off',
      });
    } finally {
      fs.rmSync(path.dirname(binary), { recursive: true, force: true });
    }
  });

  it('no OS-level URL scheme: windowdesk:// is not registered with the system on any platform', () => {
    for (const section of [config, config.linux, config.win, config.mac]) expect(section?.protocols).toBeUndefined();
    expect(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).not.toMatch(/^\s*(protocols|mimeTypes)\s*:/m);
  });

  it('the shell never asks to become a protocol client at run time', () => {
    const sources = fs.readdirSync(path.join(root, 'main', 'electron')).map((f) => fs.readFileSync(path.join(root, 'main', 'electron', f), 'utf8'));
    for (const s of sources) expect(s).not.toMatch(/setAsDefaultProtocolClient|registerProtocolHandler/);
  });
});
