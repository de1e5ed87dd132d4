/**
 * The hall's reference data on the wire (issue 11): the item catalog (事项目录, versioned: a case
 * keeps the version it was drafted under) and the holiday calendar (调休), published once for the
 * hall at the hub and pulled by every workstation with a cursor the hub issues.
 *
 * The answer carries catalogs and the calendar as plain JSON: the workstation validates each with
 * the domain's own schemas (core/catalog, core/calendar) before it writes anything, so a bad one is
 * named in Chinese and nothing of the page is kept.
 */
import { z } from 'zod';

/** `<epoch>:<seq>`: the hub database's identity and the last publication the workstation holds. */
export const ReferenceCursor = z.string().max(80).regex(/^[0-9a-f]{1,32}:\d{1,15}$/, '游标格式不正确');

export const ReferencePullQuery = z.strictObject({
  /** Absent: from the beginning. A cursor of another hub database answers `reset`. */
  cursor: ReferenceCursor.optional(),
});

export const ReferencePull = z.object({
  cursor: ReferenceCursor,
  /** The cursor named another database (or none): this page starts from the beginning. */
  reset: z.boolean(),
  /** Catalog versions published after the cursor, in publication order (the last one is the hall's current). */
  catalogs: z.array(z.object({ seq: z.number().int().positive(), catalog: z.unknown() })),
  /** The hall's calendar when one was published after the cursor (the latest of the page), else null. */
  calendar: z.unknown().nullable(),
  /** That calendar is the hub's bundled default (no administrator published it): a workstation's own import stands over it. */
  calendarSeeded: z.boolean(),
  /** The hall's current catalog version at the hub (the last published). */
  current: z.string().nullable(),
  more: z.boolean(),
});
export type ReferencePull = z.infer<typeof ReferencePull>;

/** Bodies of the administrator's publications (validated by the catalog and calendar schemas in the service). */
export const PublishCatalogRequest = z.strictObject({ catalog: z.record(z.string(), z.unknown()) });
export const PublishCalendarRequest = z.strictObject({ calendar: z.record(z.string(), z.unknown()) });

export const Publication = z.object({
  kind: z.enum(['catalog', 'calendar']),
  version: z.string(),
  seq: z.number().int(),
  publishedAt: z.number(),
  publishedBy: z.string(),
  /** The same content was already published under this version: nothing changed. */
  unchanged: z.boolean(),
});
export type Publication = z.infer<typeof Publication>;

/** Catalog and calendar bodies are large (the demo catalog is 50 kB; a city's can be megabytes). */
export const REFERENCE_BODY_LIMIT = 8 * 1024 * 1024;
