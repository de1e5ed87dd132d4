import path from 'node:path';
import { parseArgs } from 'node:util';
import { DeskError } from '../../common/errors';

/** What a user can ask of either shell on its command line (`npm start -- …`, or the Electron app's arguments). */
export interface ShellOptions {
  port: number;
  /** Absolute; undefined = the shell's default (~/.windowdesk for the Node host, Electron's userData). */
  dataDir: string | undefined;
  demo: boolean;
  noOpen: boolean;
  hubUrl: string | undefined;
  hostHub: boolean;
  hubTestClock: boolean;
  /** `--hub-public-port`: the hosted hub's public follow listener for phones (0 = any free port; with --demo, on by default). */
  hubPublicPort: number | undefined;
  /** `--hub-city-platform`: the hosted hub forwards the hall's cases and archive packages there (docs/city-platform.md). */
  hubCityPlatform: string | undefined;
  help: boolean;
  /** `--pin-file`: the operator PIN for a service started without a terminal (else WINDOWDESK_PIN, else a prompt). */
  pinFile: string | undefined;
}

export const USAGE = `WindowDesk 综合窗口工作台

  npm start -- [--port N] [--data DIR] [--demo] [--no-open] [--hub URL] [--host-hub]

  --port N     port on 127.0.0.1 (default 5180; 0 picks a free one; Node host only)
  --data DIR   where the database and settings live (default ~/.windowdesk; Electron: its user data folder)
  --demo       seed a demo hall, counters, staff and catalog (see README)
  --no-open    do not open a browser window; just print the URL (Node host only)
  --hub URL    the hall hub to use (overrides the saved setting)
  --host-hub   this workstation hosts the hall hub itself (small office; on by default with --demo and no hub)
  --pin-file F the operator PIN, first line of file F (for services; or set WINDOWDESK_PIN; else asked)
  --hub-public-port N  the hosted hub's page for applicants' phones (slip QR) on its own port (with --demo: a free port)
  --hub-city-platform URL  the hosted hub forwards cases and archive packages to the city platform (docs/city-platform.md)
  --hub-test-clock  TESTS ONLY: the hosted hub exposes POST /test/clock {advanceMinutes}
`;

const spec = {
  port: { type: 'string', default: '5180' },
  data: { type: 'string' },
  demo: { type: 'boolean', default: false },
  'no-open': { type: 'boolean', default: false },
  hub: { type: 'string' },
  'host-hub': { type: 'boolean', default: false },
  'hub-test-clock': { type: 'boolean', default: false },
  'hub-public-port': { type: 'string' },
  'hub-city-platform': { type: 'string' },
  help: { type: 'boolean', default: false },
  'pin-file': { type: 'string' },
} as const;

/**
 * Parses the shells' shared options. The Node host is strict (a typo is an error); Electron's
 * argv also carries the executable, the app path and Chromium's own switches, which are ignored.
 */
export function parseShellOptions(args: readonly string[], mode: 'strict' | 'lenient' = 'strict'): ShellOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: spec, strict: mode === 'strict', allowPositionals: mode === 'lenient' }));
  } catch (e) {
    throw new DeskError('BAD_ARGUMENT', `命令行参数有误：${(e as Error).message}`);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const bool = (v: unknown) => v === true;
  const portText = str(values.port) ?? '5180';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new DeskError('BAD_ARGUMENT', `--port 需要 0–65535 的端口号，收到 "${portText}"。`);
  const data = str(values.data);
  const publicText = str(values['hub-public-port']);
  if (publicText !== undefined && (!/^\d+$/.test(publicText) || Number(publicText) > 65535)) throw new DeskError('BAD_ARGUMENT', `--hub-public-port 需要 0–65535 的端口号，收到 "${publicText}"。`);
  const cityPlatform = str(values['hub-city-platform']);
  if (cityPlatform !== undefined && !/^https?:\/\/[^\s/]+/.test(cityPlatform)) throw new DeskError('BAD_ARGUMENT', `--hub-city-platform 需要 http(s):// 开头的市级平台地址，收到 "${cityPlatform}"。`);
  return {
    port,
    dataDir: data === undefined ? undefined : data === ':memory:' ? data : path.resolve(data),
    demo: bool(values.demo),
    noOpen: bool(values['no-open']),
    hubUrl: str(values.hub),
    hostHub: bool(values['host-hub']),
    hubTestClock: bool(values['hub-test-clock']),
    hubPublicPort: publicText !== undefined ? Number(publicText) : bool(values.demo) ? 0 : undefined,
    hubCityPlatform: cityPlatform,
    help: bool(values.help),
    pinFile: str(values['pin-file']) === undefined ? undefined : path.resolve(str(values['pin-file'])!),
  };
}
