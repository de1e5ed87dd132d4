/** The hub's reference-data routes (routes.ts: referencePull, referenceCatalogPublish, referenceCalendarPublish). */
import { DeskError } from '../../../common/errors';
import type { HandlerContext, RouteHandlers } from '../routes';
import type { HubTrust } from '../trust/hub-trust';
import type { HubReference } from './service';

type ReferenceRoutes = 'referencePull' | 'referenceCatalogPublish' | 'referenceCalendarPublish';

export function referenceHandlers(reference: HubReference | null | undefined, trust: HubTrust | null): Pick<RouteHandlers, ReferenceRoutes> {
  const need = () => {
    if (!reference) throw new DeskError('NOT_FOUND', '该大厅服务未启用事项目录与节假日日历的发布。');
    return reference;
  };
  // Who published: the supervisor the hub verified (the route needs one where devices are enrolled).
  const by = async (ctx: HandlerContext) => (ctx.device && trust ? (await trust.staff.verify(ctx.assertion, ctx.device.id))?.staffNo : undefined) ?? 'unverified';
  return {
    referencePull: ({ query }) => need().pull(query.cursor),
    referenceCatalogPublish: async ({ body }, ctx) => need().publishCatalog(body.catalog, await by(ctx)),
    referenceCalendarPublish: async ({ body }, ctx) => need().publishCalendar(body.calendar, await by(ctx)),
  };
}
