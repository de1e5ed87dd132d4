// The Debian packages the tests (and some features) need. `npm test` installs missing ones
// itself when it runs as root on Debian (as CI does); elsewhere it names them and the command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_DEPS = [
  { pkg: 'chromium', check: { bin: 'chromium' }, why: 'end-to-end tests (Playwright drives Debian Chromium) and the browser shell of npm start' },
  { pkg: 'poppler-utils', check: { bin: 'pdftotext' }, why: 'checking notice PDFs (pdftotext, pdffonts)' },
  { pkg: 'sane-utils', check: { bin: 'scanimage' }, why: 'scanners through SANE (tests use its test backend)' },
  { pkg: 'cups', check: { bin: 'cupsd', paths: ['/usr/sbin/cupsd'] }, why: 'printing through CUPS' },
  { pkg: 'printer-driver-cups-pdf', check: { file: '/usr/lib/cups/backend/cups-pdf' }, why: 'the CUPS-PDF queue the print test prints to' },
  { pkg: 'cups-client', check: { bin: 'lp' }, why: 'lp/lpstat to print and list printers' },
  { pkg: 'cups-ipp-utils', check: { bin: 'ipptool' }, why: 'ipptool, which tells an aborted print job from a completed one' },
  { pkg: 'postgresql', check: { bin: 'initdb', paths: ['/usr/lib/postgresql'] }, why: 'the hall hub\'s PostgreSQL backend: the hub suites run against a throwaway cluster too (scripts/test-pg.mjs)' },
  { pkg: 'libusb-1.0-0', check: { file: '/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0', paths: ['/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0'] }, why: 'node-hid (USB ID card readers and HID-POS scanners) at run time' },
];

function has(check) {
  if (check.paths?.some((p) => existsSync(p))) return true;
  if (check.file) return existsSync(check.file);
  return spawnSync('sh', ['-c', `command -v ${check.bin}`], { stdio: 'ignore' }).status === 0;
}

export function missingDeps() {
  return SYSTEM_DEPS.filter((d) => !has(d.check));
}

/** Installs what is missing when we may (root + apt-get); returns what is still missing. */
export function ensureSystemDeps({ log = console.log } = {}) {
  let missing = missingDeps();
  if (missing.length === 0) return [];
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    const pkgs = missing.map((d) => d.pkg);
    log(`[test] installing system packages: ${pkgs.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
    missing = missingDeps();
  }
  if (missing.length) {
    log('[test] missing system packages:');
    for (const d of missing) log(`  - ${d.pkg}: ${d.why}`);
    log(`  install with: sudo apt-get install -y ${missing.map((d) => d.pkg).join(' ')}`);
  }
  return missing;
}
