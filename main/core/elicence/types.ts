import { z } from 'zod';

export const licenceStatusSchema = z.enum(['valid', 'expired', 'revoked']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const licenceSchema = z.object({
  licenceNumber: z.string().min(1),
  /** Matches MaterialDef.elicenceType in the catalog, e.g. business-licence. */
  type: z.string().min(1),
  name: z.string().min(1),
  issuer: z.string().min(1),
  holder: z.object({ name: z.string(), idNumber: z.string().optional(), creditCode: z.string().optional() }),
  validFrom: isoDate,
  /** null: long-term (长期). */
  validTo: isoDate.nullable(),
  status: licenceStatusSchema,
});

export type LicenceStatus = z.infer<typeof licenceStatusSchema>;
export type Licence = z.infer<typeof licenceSchema>;

export interface LicenceHolderQuery {
  idNumber?: string;
  creditCode?: string;
}

/** The seam to the municipal e-licence library (电子证照库): the demo reads JSON, the field adapter calls the hub. */
export interface ElicenceLibrary {
  lookup(holder: LicenceHolderQuery): Promise<Licence[]>;
}
