/**
 * The one place @peculiar/x509 is set up: it needs a Reflect polyfill and a WebCrypto provider
 * (Node's own). Every certificate of the hall is ECDSA P-256 with SHA-256: small, fast to verify on a
 * kiosk, and what Node's TLS accepts everywhere.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, webcrypto } from 'node:crypto';

// The library's types name the DOM's Crypto/CryptoKey; Node's webcrypto is the same API.
x509.cryptoProvider.set(webcrypto as never);

export type Key = webcrypto.CryptoKey;
export type KeyPair = webcrypto.CryptoKeyPair;

export { x509 };
export const subtle = webcrypto.subtle;
export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function newKeyPair(): Promise<KeyPair> {
  return (await subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as KeyPair;
}

export async function privateKeyPem(key: Key): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function importPrivateKey(pem: string): Promise<Key> {
  return subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), EC_ALG, true, ['sign']);
}

/** SHA-256 of a certificate's DER, lower-case hex: what the hall CA is pinned and recognised by. */
export function fingerprintOf(certPem: string): string {
  return createHash('sha256').update(Buffer.from(x509.PemConverter.decodeFirst(certPem))).digest('hex');
}

/** 16 random bytes as hex, first bit clear: a positive serial number as RFC 5280 asks. */
/** A certificate serial as we issue it: 16 random bytes, 32 hex characters (registry.bySerial relies on the length). */
export const SERIAL_HEX_LENGTH = 32;

export function randomSerial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(SERIAL_HEX_LENGTH / 2));
  b[0] &= 0x7f;
  return Buffer.from(b).toString('hex');
}
