/** The hub's case-file routes (routes.ts: caseFilePut, caseFileGet). */
import { DeskError } from '../../../common/errors';
import type { RouteHandlers } from '../routes';
import type { HubCaseFiles } from './service';

export function caseFileHandlers(files: HubCaseFiles | null | undefined): Pick<RouteHandlers, 'caseFilePut' | 'caseFileGet'> {
  const need = () => {
    if (!files) throw new DeskError('NOT_FOUND', '该大厅服务未启用办件附件的汇聚。');
    return files;
  };
  return {
    caseFilePut: ({ params, body }, ctx) => need().put(params.id, params.digest, body, ctx.device),
    caseFileGet: ({ params }, ctx) => need().get(params.id, params.digest, ctx.device),
  };
}
