import type { DomainBase } from './base';

/** The intake domain's services as handlers reach them (ws.intake). Built once per workstation. */
export type IntakeDomain = Record<string, never>;

export async function createIntakeDomain(_base: DomainBase): Promise<IntakeDomain> {
  return {};
}
