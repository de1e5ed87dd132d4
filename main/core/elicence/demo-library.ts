import dayjs from 'dayjs';
import { z } from 'zod';
import { DeskError } from '../../../common/errors';
import { licenceSchema, type ElicenceLibrary, type Licence, type LicenceHolderQuery } from './types';

const fileSchema = z.object({ demo: z.boolean().optional(), note: z.string().optional(), licences: z.array(licenceSchema) });

/**
 * Effective status on `today`: a licence the library still marks valid but whose validTo has passed
 * is reported expired, so a stale feed can't exempt a material with a lapsed licence.
 */
export function effectiveStatus(l: Licence, today: string): Licence['status'] {
  if (l.status !== 'valid') return l.status;
  if (l.validTo && l.validTo < today) return 'expired';
  if (l.validFrom > today) return 'expired';
  return 'valid';
}

/** Simulated e-licence library over resources/demo/elicences.json (演示数据). */
export class DemoElicenceLibrary implements ElicenceLibrary {
  private readonly licences: Licence[];

  constructor(json: unknown, private readonly today: () => string = () => dayjs().format('YYYY-MM-DD')) {
    const r = fileSchema.safeParse(json);
    if (!r.success) throw new DeskError('ELICENCE_DATA_INVALID', '演示电子证照数据格式不正确，请检查 resources/demo/elicences.json。');
    this.licences = r.data.licences;
  }

  async lookup(holder: LicenceHolderQuery): Promise<Licence[]> {
    const id = holder.idNumber?.trim().toUpperCase();
    const cc = holder.creditCode?.trim().toUpperCase();
    if (!id && !cc) throw new DeskError('ELICENCE_QUERY_EMPTY', '查询电子证照需要证件号码或统一社会信用代码。');
    const today = this.today();
    return this.licences
      .filter((l) => (id && l.holder.idNumber === id) || (cc && l.holder.creditCode === cc))
      .map((l) => ({ ...l, holder: { ...l.holder }, status: effectiveStatus(l, today) }));
  }
}
