import demoLicences from '../../../resources/demo/elicences.json';
import { DemoElicenceLibrary } from './demo-library';

export * from './types';
export { DemoElicenceLibrary, effectiveStatus } from './demo-library';

/** The bundled simulated library (演示电子证照库). */
export function createDemoElicenceLibrary(today?: () => string): DemoElicenceLibrary {
  return new DemoElicenceLibrary(demoLicences, today);
}
