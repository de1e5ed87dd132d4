import type { Migration } from '../../../db/migrate';

/**
 * Devices that are plain browsers (the hall TV showing `/display`): no key pair, no certificate,
 * but a random token in an HttpOnly cookie. Only its SHA-256 is kept (a stolen database lets no
 * TV in); such a device's `serial` is `token:<id>`, which no certificate serial (hex) can match.
 */
export const m0008: Migration = {
  version: 8,
  name: 'browser-devices',
  up(db) {
    db.exec(`
      ALTER TABLE devices ADD COLUMN token_hash TEXT;
      CREATE UNIQUE INDEX devices_token_hash ON devices (token_hash) WHERE token_hash IS NOT NULL;`);
  },
};
