/**
 * RFC 8493 reading, fixture by fixture as the Library of Congress bagit-conformance-suite
 * arranges them (valid / invalid), each built in a temp dir and asserted on its exact outcome.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBag } from '../../../../main/core/archive/bagit/reader';
import { writeBag } from '../../../../main/core/archive/bagit/writer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bagit-conf-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const enc = (p: string) => p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');

interface Spec {
  /** Raw bagit.txt; null: none. */
  bagit?: string | Buffer | null;
  payload: Record<string, string | Buffer>;
  /** Raw manifest text by file name; when absent, manifest-sha256.txt is written from the payload. */
  manifests?: Record<string, string | Buffer>;
  tags?: Record<string, string | Buffer>;
}

function craft(spec: Spec): string {
  const dir = path.join(root, `bag${++n}`);
  const put = (rel: string, data: string | Buffer) => {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, data);
  };
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  if (spec.bagit !== null) put('bagit.txt', spec.bagit ?? 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  for (const [p, d] of Object.entries(spec.payload)) put(p, d);
  const manifests = spec.manifests ?? { 'manifest-sha256.txt': Object.entries(spec.payload).map(([p, d]) => `${sha256(d)}  ${enc(p)}\n`).join('') };
  for (const [name, text] of Object.entries(manifests)) put(name, text);
  for (const [p, d] of Object.entries(spec.tags ?? {})) put(p, d);
  return dir;
}

const codes = (dir: string) => readBag(dir).problems.map((p) => p.code);
const line = (d: string | Buffer, p: string) => `${sha256(d)}  ${p}\n`;

describe('BagIt reader: valid bags (LoC suite "valid")', () => {
  it('a plain bag', () => {
    const dir = craft({ payload: { 'data/a.txt': 'hello' } });
    const r = readBag(dir);
    expect(r.problems).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.version).toBe('1.0');
  });

  it('percent-encoded names (%0A, %0D, %25) in the manifest', () => {
    const names = ['data/line\nfeed.txt', 'data/carriage\rreturn.txt', 'data/100%.txt', 'data/literal%2541.txt'];
    const payload = Object.fromEntries(names.map((p, i) => [p, `file ${i}`]));
    const dir = craft({ payload });
    expect(readBag(dir).problems).toEqual([]);
    // %25 in the manifest is a literal percent: the file on disk is named "literal%2541.txt".
    expect(fs.readFileSync(path.join(dir, 'manifest-sha256.txt'), 'utf8')).toContain('literal%252541.txt');
  });

  it('lower-case percent escapes are read too', () => {
    const dir = craft({ payload: { 'data/a\nb': 'x' }, manifests: { 'manifest-sha256.txt': line('x', 'data/a%0ab') } });
    expect(codes(dir)).toEqual([]);
  });

  it('a leading ./ in manifest paths', () => {
    const dir = craft({ payload: { 'data/a.txt': 'a', 'data/sub/b.txt': 'b' }, manifests: { 'manifest-sha256.txt': line('a', './data/a.txt') + line('b', './data/sub/b.txt') } });
    expect(codes(dir)).toEqual([]);
  });

  it('spaces and escapable characters in names, tabs as separator, upper-case digests', () => {
    const payload = { 'data/with space.txt': '1', 'data/  lead.txt': '2', "data/q'uo\"te&[x]{y}$#!.txt": '3', 'data/中文 名称.txt': '4' };
    const manifest = Object.entries(payload).map(([p, d]) => `${sha256(d).toUpperCase()}\t${p}\n`).join('');
    const dir = craft({ payload, manifests: { 'manifest-sha256.txt': manifest } });
    expect(codes(dir)).toEqual([]);
  });

  it('tag files in ISO-8859-1, declared in bagit.txt', () => {
    const bagit = 'BagIt-Version: 0.97\nTag-File-Character-Encoding: ISO-8859-1\n';
    const manifest = Buffer.from(line('c', 'data/café.txt'), 'latin1');
    const info = Buffer.from('Source-Organization: Bibliothèque\nContact-Name: José\n', 'latin1');
    const dir = craft({ bagit, payload: { 'data/café.txt': 'c' }, manifests: { 'manifest-sha256.txt': manifest }, tags: { 'bag-info.txt': info } });
    const r = readBag(dir);
    expect(r.problems).toEqual([]);
    expect(r.encoding).toBe('iso-8859-1');
    expect(r.info).toEqual([{ label: 'Source-Organization', value: 'Bibliothèque' }, { label: 'Contact-Name', value: 'José' }]);
  });

  it('tag files in UTF-16 (with BOM, either byte order)', () => {
    const bagit = 'BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-16\n';
    const text = line('u', 'data/ünïcødé.txt');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const manifest of [le, be]) {
      const dir = craft({ bagit, payload: { 'data/ünïcødé.txt': 'u' }, manifests: { 'manifest-sha256.txt': manifest } });
      expect(codes(dir)).toEqual([]);
    }
  });

  it('duplicate metadata entries are kept in order', () => {
    const info = 'Contact-Name: A\nContact-Name: B\nExternal-Description: first line\n  continued here\n';
    const r = readBag(craft({ payload: { 'data/a': 'a' }, tags: { 'bag-info.txt': info } }));
    expect(r.problems).toEqual([]);
    expect(r.info).toEqual([
      { label: 'Contact-Name', value: 'A' },
      { label: 'Contact-Name', value: 'B' },
      { label: 'External-Description', value: 'first line continued here' },
    ]);
  });

  it('uncommon metadata separators and whitespace, CR and CRLF line ends', () => {
    const info = 'Contact-Name:NoSpace\r\nContact-Phone :\t 555\rExternal-Identifier:   padded   \n';
    const r = readBag(craft({ payload: { 'data/a': 'a' }, tags: { 'bag-info.txt': info } }));
    expect(r.problems).toEqual([]);
    expect(r.info.map((e) => [e.label, e.value])).toEqual([['Contact-Name', 'NoSpace'], ['Contact-Phone', '555'], ['External-Identifier', 'padded']]);
  });

  it('a bag inside a bag is payload like any other', () => {
    const inner = { 'data/bag/bagit.txt': 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'data/bag/data/x.txt': 'x', 'data/bag/manifest-sha256.txt': line('x', 'data/x.txt') };
    const r = readBag(craft({ payload: inner }));
    expect(r.problems).toEqual([]);
    expect(r.payload.map((f) => f.path)).toContain('data/bag/manifest-sha256.txt');
  });

  it('a manifest name in NFD matches the file written in NFC', () => {
    const nfc = 'data/caf\u00e9.txt';
    const dir = craft({ payload: { [nfc]: 'c' }, manifests: { 'manifest-sha256.txt': line('c', nfc.normalize('NFD')) } });
    expect(codes(dir)).toEqual([]);
  });

  it('a manifest in an algorithm this reader lacks is a warning, not a failure', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a'), 'manifest-blake9.txt': 'abcd  data/a\n' } });
    const r = readBag(dir);
    expect(r.valid).toBe(true);
    expect(r.warnings.join()).toMatch(/blake9/);
  });

  it('a matching Payload-Oxum and a tag manifest are checked and pass', () => {
    const info = 'Payload-Oxum: 3.2\n';
    const tagmanifest = line(info, 'bag-info.txt') + line(line('ab', 'data/a') + line('c', 'data/b'), 'manifest-sha256.txt');
    const dir = craft({ payload: { 'data/a': 'ab', 'data/b': 'c' }, tags: { 'bag-info.txt': info, 'tagmanifest-sha256.txt': tagmanifest } });
    expect(codes(dir)).toEqual([]);
  });
});

describe('BagIt reader: refused bags (LoC suite "invalid")', () => {
  it('a BOM in bagit.txt', () => {
    const bagit = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')]);
    expect(codes(craft({ bagit, payload: { 'data/a': 'a' } }))).toEqual(['bagit-bom']);
  });

  it('no bagit.txt', () => {
    expect(codes(craft({ bagit: null, payload: { 'data/a': 'a' } }))).toEqual(['bagit-missing']);
  });

  it('bagit.txt without its Tag-File-Character-Encoding line', () => {
    expect(codes(craft({ bagit: 'BagIt-Version: 1.0\n', payload: { 'data/a': 'a' } }))).toEqual(['bagit-malformed']);
  });

  it('an invalid version', () => {
    for (const v of ['1.0x', '2', 'one', '9.9']) {
      expect(codes(craft({ bagit: `BagIt-Version: ${v}\nTag-File-Character-Encoding: UTF-8\n`, payload: { 'data/a': 'a' } })), v).toEqual(['bagit-version']);
    }
  });

  it('a tag file the tag manifest lists but the bag lacks', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, tags: { 'tagmanifest-sha256.txt': line('x', 'bag-info.txt') } });
    expect(codes(dir)).toEqual(['tag-missing']);
  });

  it('a corrupt payload file', () => {
    const dir = craft({ payload: { 'data/a': 'a', 'data/b': 'b' } });
    fs.writeFileSync(path.join(dir, 'data/b'), 'B');
    const r = readBag(dir);
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([['digest-mismatch', 'data/b']]);
  });

  it('a corrupt tag file', () => {
    const info = 'Contact-Name: A\n';
    const dir = craft({ payload: { 'data/a': 'a' }, tags: { 'bag-info.txt': info, 'tagmanifest-sha256.txt': line(info, 'bag-info.txt') } });
    fs.writeFileSync(path.join(dir, 'bag-info.txt'), 'Contact-Name: B\n');
    expect(readBag(dir).problems.map((p) => [p.code, p.path])).toEqual([['tag-digest-mismatch', 'bag-info.txt']]);
  });

  it('an extra payload file no manifest lists', () => {
    const dir = craft({ payload: { 'data/a': 'a' } });
    fs.writeFileSync(path.join(dir, 'data/extra'), 'x');
    expect(readBag(dir).problems.map((p) => [p.code, p.path])).toEqual([['payload-unlisted', 'data/extra']]);
  });

  it('a listed payload file that is missing', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('b', 'data/b') } });
    expect(readBag(dir).problems.map((p) => [p.code, p.path])).toEqual([['payload-missing', 'data/b']]);
  });

  it('the same file listed twice', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('a', './data/a') } });
    expect(codes(dir)).toEqual(['manifest-duplicate']);
  });

  it('out-of-scope paths in a manifest: ../, absolute, ~', () => {
    for (const bad of ['data/../../etc/passwd', '../outside', '/etc/passwd', '~/secret', 'data/..\\..\\win.ini', 'C:/Windows/win.ini']) {
      const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('x', bad) } });
      expect(codes(dir), bad).toEqual(['path-unsafe']);
    }
  });

  it('out-of-scope paths in fetch.txt', () => {
    for (const bad of ['../x', '/tmp/x', '~/x', 'bagit.txt']) {
      const dir = craft({ payload: { 'data/a': 'a' }, tags: { 'fetch.txt': `https://example.org/x 1 ${bad}\n` } });
      expect(codes(dir), bad).toEqual(['fetch-unsafe']);
    }
  });

  it('a file to fetch that is not there: the bag is not complete', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('b', 'data/b') }, tags: { 'fetch.txt': 'https://example.org/b 1 data/b\n' } });
    expect(codes(dir)).toEqual(['fetch-incomplete']);
  });

  it('manifests that do not all list all payload files', () => {
    const md5 = (d: string) => createHash('md5').update(d).digest('hex');
    const dir = craft({ payload: { 'data/a': 'a', 'data/b': 'b' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('b', 'data/b'), 'manifest-md5.txt': `${md5('a')}  data/a\n` } });
    const r = readBag(dir);
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([['payload-unlisted', 'data/b']]);
    expect(r.problems[0]!.detail).toContain('manifest-md5.txt');
  });

  it('two files whose names differ only in Unicode normalization', () => {
    const nfc = 'data/caf\u00e9.txt';
    const nfd = nfc.normalize('NFD');
    const dir = craft({ payload: { [nfc]: 'c', [nfd]: 'd' }, manifests: { 'manifest-sha256.txt': line('c', nfc) } });
    // The file system here keeps both names; the reader must not treat them as two files.
    expect(codes(dir)).toContain('normalization-clash');
  });

  it('a payload manifest naming a tag file', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': line('a', 'data/a') + line('x', 'bag-info.txt') } });
    expect(codes(dir)).toEqual(['manifest-scope']);
  });

  it('a tag file not valid in the declared encoding', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, manifests: { 'manifest-sha256.txt': Buffer.concat([Buffer.from(line('a', 'data/a')), Buffer.from([0xff, 0xfe, 0x0a])]) } });
    expect(codes(dir)).toEqual(['tag-undecodable', 'manifest-missing']);
  });

  it('a Payload-Oxum that disagrees with the payload', () => {
    const dir = craft({ payload: { 'data/a': 'a' }, tags: { 'bag-info.txt': 'Payload-Oxum: 5.1\n' } });
    expect(codes(dir)).toEqual(['oxum-mismatch']);
  });

  it('no data directory, no manifest', () => {
    const dir = craft({ payload: {}, manifests: {} });
    fs.rmSync(path.join(dir, 'data'), { recursive: true });
    expect(codes(dir)).toEqual(['data-missing', 'manifest-missing']);
  });
});

describe('BagIt writer', () => {
  const base = { info: [['Source-Organization', '某区行政服务中心']] as [string, string][], algorithms: ['sha256', 'sm3'] as const, baggingDate: '2026-12-01' };

  it('writes a bag its own reader and the suite rules accept, with escaped names and both manifests', () => {
    const dir = path.join(root, 'written');
    writeBag(dir, { ...base, algorithms: [...base.algorithms], payload: [{ path: 'data/a 100%.pdf', data: Buffer.from('%PDF-1.4') }, { path: 'data/line\nbreak.txt', data: Buffer.from('x') }], tags: [{ path: 'metadata/case.xml', data: Buffer.from('<x/>') }] });
    const r = readBag(dir);
    expect(r.problems).toEqual([]);
    expect(Object.keys(r.manifests).sort()).toEqual(['sha256', 'sm3']);
    expect(fs.readdirSync(dir).sort()).toEqual(['bag-info.txt', 'bagit.txt', 'data', 'manifest-sha256.txt', 'manifest-sm3.txt', 'metadata', 'tagmanifest-sha256.txt', 'tagmanifest-sm3.txt']);
    expect(r.info.find((e) => e.label === 'Payload-Oxum')?.value).toBe('9.2');
    expect(fs.readFileSync(path.join(dir, 'tagmanifest-sm3.txt'), 'utf8')).toContain('metadata/case.xml');
  });

  it('refuses names that differ only in normalization, repeat, or leave the bag', () => {
    const nfc = 'data/caf\u00e9';
    const payload = (p: string[]) => p.map((x) => ({ path: x, data: Buffer.from('x') }));
    const w = (p: string[]) => () => writeBag(path.join(root, `w${++n}`), { ...base, algorithms: ['sha256'], payload: payload(p) });
    expect(w([nfc, nfc.normalize('NFD')])).toThrow(/规范化/);
    expect(w(['data/a', 'data/a'])).toThrow(/重复/);
    expect(w(['data/../x'])).toThrow(/\.\.\//);
    expect(w(['notdata/x'])).toThrow(/data\//);
  });
});
