import type { z } from 'zod';

/**
 * Answers built once from immutable data (system.info's hall and counters) need not be
 * validated and serialised again on every call. This module is the one place that decides
 * when that is safe:
 *
 * - `freezeAnswer` deep-freezes a value and records it. Only values recorded here are ever
 *   treated as immutable: `Object.isFrozen` alone is shallow, and a handler's plain object is
 *   never trusted.
 * - `parseOutput` validates a value against a call's output schema. For a recorded value it
 *   remembers the parsed (stripped) result per schema, deep-frozen and recorded in turn, and
 *   returns it on the next call with the same value and the same schema. Parsing is a pure
 *   function of (schema, value) for the contract's output schemas (shapes, no effectful
 *   transforms), and neither can change once frozen, so the remembered result is exactly what
 *   parsing again would give. A different schema, an unrecorded or a new object is parsed.
 * - `jsonOf` / `jsonBytesOf` serialise a recorded value once (as text / as UTF-8 bytes).
 */
const frozen = new WeakSet<object>();
const parsed = new WeakMap<object, { schema: z.ZodType; data: unknown }>();
const json = new WeakMap<object, string>();
const bytes = new WeakMap<object, Buffer>();

function deepFreeze(v: unknown): void {
  if (!v || typeof v !== 'object' || frozen.has(v)) return;
  for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[k]);
  Object.freeze(v);
}

export function freezeAnswer<T>(value: T): T {
  if (value && typeof value === 'object') {
    deepFreeze(value);
    frozen.add(value);
  }
  return value;
}

export function isFrozenAnswer(value: unknown): boolean {
  return !!value && typeof value === 'object' && frozen.has(value);
}

export function parseOutput(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> {
  const known = isFrozenAnswer(value);
  if (known) {
    const hit = parsed.get(value as object);
    if (hit && hit.schema === schema) return { success: true, data: hit.data };
  }
  const out = schema.safeParse(value);
  if (known && out.success) parsed.set(value as object, { schema, data: freezeAnswer(out.data) });
  return out;
}

/** JSON of a recorded value, computed once; other values are serialised each time. */
export function jsonOf(value: unknown): string {
  if (!isFrozenAnswer(value)) return JSON.stringify(value);
  let s = json.get(value as object);
  if (s === undefined) json.set(value as object, (s = JSON.stringify(value)));
  return s;
}

/** UTF-8 JSON of a recorded value, encoded once (encoding a long Chinese string costs more than copying it). */
export function jsonBytesOf(value: unknown): Buffer {
  if (!isFrozenAnswer(value)) return Buffer.from(JSON.stringify(value));
  let b = bytes.get(value as object);
  if (b === undefined) bytes.set(value as object, (b = Buffer.from(jsonOf(value))));
  return b;
}
