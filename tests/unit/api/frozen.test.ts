import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { freezeAnswer, isFrozenAnswer, jsonBytesOf, jsonOf, parseOutput } from '../../../main/api/frozen';
import { replyFrame } from '../../../main/host/server';

const shape = z.object({ id: z.string(), tags: z.array(z.object({ n: z.number() })) });

describe('frozen answers', () => {
  it('freezes deeply and records only what was frozen through it', () => {
    const a = freezeAnswer({ id: 'x', tags: [{ n: 1 }], extra: { secret: 's' } });
    expect(Object.isFrozen(a.tags[0])).toBe(true);
    expect(Object.isFrozen(a.extra)).toBe(true);
    expect(isFrozenAnswer(a)).toBe(true);
    expect(isFrozenAnswer(Object.freeze({ id: 'x', tags: [] }))).toBe(false);
  });

  it('strips undeclared fields from a frozen answer, and parses it once per schema', () => {
    const a = freezeAnswer({ id: 'x', tags: [{ n: 1, leak: 'no' }], secret: 'no' });
    const spy = vi.spyOn(shape, 'safeParse');
    const first = parseOutput(shape, a);
    const second = parseOutput(shape, a);
    expect(first).toEqual({ success: true, data: { id: 'x', tags: [{ n: 1 }] } });
    expect(second.success && second.data).toBe(first.success && first.data);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(isFrozenAnswer(second.success && second.data)).toBe(true);
    spy.mockRestore();
  });

  it('validates a frozen answer again against another schema', () => {
    const a = freezeAnswer({ id: 'x', tags: [] });
    expect(parseOutput(shape, a).success).toBe(true);
    expect(parseOutput(z.object({ id: z.number() }), a).success).toBe(false);
  });

  it('validates every time an object it did not freeze, even one frozen elsewhere or the same object mutated', () => {
    const spy = vi.spyOn(shape, 'safeParse');
    const shallow = Object.freeze({ id: 'x', tags: [{ n: 1 }] });
    parseOutput(shape, shallow);
    (shallow.tags[0] as { n: unknown }).n = 'not a number'; // Object.freeze is shallow
    expect(parseOutput(shape, shallow).success).toBe(false);
    const plain: { id: unknown; tags: unknown[] } = { id: 'x', tags: [] };
    expect(parseOutput(shape, plain).success).toBe(true);
    plain.id = 42;
    expect(parseOutput(shape, plain).success).toBe(false);
    expect(spy).toHaveBeenCalledTimes(4);
    spy.mockRestore();
  });

  it('does not remember a failed parse', () => {
    const bad = freezeAnswer({ id: 1, tags: [] });
    expect(parseOutput(shape, bad).success).toBe(false);
    expect(parseOutput(shape, bad).success).toBe(false);
  });

  it('writes a reply exactly as JSON.stringify would, frozen or not', () => {
    const value = freezeAnswer({ id: '窗口 "1"', tags: [{ n: 1.5 }], none: null });
    for (const id of [7, 'a"b', null, { nested: [1] }]) {
      expect(String(replyFrame(id, { ok: true, value }))).toBe(JSON.stringify({ id, result: { ok: true, value } }));
      expect(String(replyFrame(id, { ok: true, value: { plain: 1 } }))).toBe(JSON.stringify({ id, result: { ok: true, value: { plain: 1 } } }));
      expect(String(replyFrame(id, { ok: false, error: { code: 'X', message: '错' } }))).toBe(JSON.stringify({ id, result: { ok: false, error: { code: 'X', message: '错' } } }));
    }
    expect(jsonOf(value)).toBe(JSON.stringify(value));
    expect(jsonBytesOf(value).toString('utf8')).toBe(JSON.stringify(value));
    expect(Buffer.isBuffer(replyFrame(1, { ok: true, value }))).toBe(true);
  });
});
