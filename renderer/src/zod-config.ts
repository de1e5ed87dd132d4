// Imported first by the entry (main.tsx), before any module builds a schema: zod probes
// `new Function` when an object schema is built, and the page's CSP never allows eval, so every page
// reported a refused eval (zod then fell back to the same checks without it). jitless skips the probe.
import { z } from 'zod';

z.config({ jitless: true });
