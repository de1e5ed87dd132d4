import { createHash, getHashes } from 'node:crypto';
import { Sm3 } from './sm3';

/** The manifest algorithms a bag may carry that this reader can check (RFC 8493 §2.4 names). */
export const DIGEST_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512', 'sm3'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

export interface Hasher {
  update(data: Uint8Array): unknown;
  digest(encoding: 'hex'): string;
}

export type Sm3Implementation = 'native' | 'js';

/** Whether this runtime's crypto has SM3: node's OpenSSL does, Electron's BoringSSL does not. */
export const nativeSm3 = (): boolean => getHashes().includes('sm3');

export function isDigestAlgorithm(name: string): name is DigestAlgorithm {
  return (DIGEST_ALGORITHMS as readonly string[]).includes(name);
}

/** `sm3` runs natively where the runtime has it, else in JS; `impl` forces one (tests compare both). */
export function createHasher(alg: DigestAlgorithm, impl?: Sm3Implementation): Hasher {
  if (alg !== 'sm3') return createHash(alg);
  const useNative = impl ? impl === 'native' : nativeSm3();
  if (useNative) return createHash('sm3');
  return new Sm3();
}

export function digestHex(alg: DigestAlgorithm, data: Uint8Array, impl?: Sm3Implementation): string {
  const h = createHasher(alg, impl);
  h.update(data);
  return h.digest('hex');
}
