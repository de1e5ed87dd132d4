import type { Identity } from '../types';
import { mod11CheckChar } from '../../common/identity';

// Realistic-looking but fictitious cards for the simulator, demos and tests. ID numbers carry
// valid GB 11643 check characters so downstream validation behaves as with real cards.

function withCheck(first17: string): string {
  return first17 + mod11CheckChar(first17);
}

export interface SimCard {
  identity: Identity;
  additionalAddress?: string;
  /** 8 bytes; defaults to a value derived from the ID number */
  serial?: Uint8Array;
  fingerprint?: Uint8Array;
}

export const SAMPLE_CARDS: Record<Identity['cardType'], SimCard> = {
  resident: {
    identity: {
      cardType: 'resident',
      name: '张三丰',
      sex: 'male',
      nation: '汉',
      birthDate: '1985-03-07',
      address: '上海市黄浦区人民大道200号',
      idNumber: withCheck('31010119850307123'),
      authority: '上海市公安局黄浦分局',
      validFrom: '2015-06-01',
      validTo: '2035-06-01',
    },
    additionalAddress: '上海市徐汇区漕溪北路88号',
  },
  'residence-permit': {
    identity: {
      cardType: 'residence-permit',
      name: '陈美玲',
      sex: 'female',
      birthDate: '1992-11-20',
      address: '上海市浦东新区世纪大道100号',
      idNumber: withCheck('81000019921120002'),
      authority: '上海市公安局浦东分局',
      validFrom: '2021-01-15',
      validTo: '2026-01-15',
      passNumber: 'H12345678',
      issueCount: 1,
    },
  },
  'foreign-2017': {
    identity: {
      cardType: 'foreign-2017',
      name: '史密斯',
      nameEn: 'SMITH, JOHN ALEXANDER',
      sex: 'male',
      birthDate: '1970-01-31',
      idNumber: 'USA310070013101',
      authority: '1500',
      validFrom: '2017-05-01',
      validTo: '2027-05-01',
      nationality: 'USA',
    },
  },
  'foreign-2023': {
    identity: {
      cardType: 'foreign-2023',
      name: '玛丽',
      nameEn: 'DUPONT-MARTIN, MARIE CHRISTINE ELISABETH',
      sex: 'female',
      birthDate: '1988-07-14',
      idNumber: withCheck('93231019880714002'),
      validFrom: '2023-12-01',
      validTo: '2033-12-01',
      nationality: 'FRA',
      issueCount: 0,
    },
  },
};

/** A pseudo-random but deterministic photo blob so frames look like real 1024-byte WLT data. */
export function fakeWlt(seed: string): Uint8Array {
  const out = new Uint8Array(1024);
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  for (let i = 0; i < out.length; i++) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    out[i] = h & 0xff;
  }
  // WLT blobs start with 'WL' in the samples seen in SDK dumps; mark ours as simulated instead.
  out.set([0x53, 0x49, 0x4d], 0); // "SIM"
  return out;
}

export function serialOf(card: SimCard): Uint8Array {
  if (card.serial) return card.serial;
  const s = new Uint8Array(8);
  const id = card.identity.idNumber;
  for (let i = 0; i < id.length; i++) s[i % 8] ^= id.charCodeAt(i) * (i + 1);
  return s;
}
