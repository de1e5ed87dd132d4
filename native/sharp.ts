import type sharpType from 'sharp';

let loaded: Promise<typeof sharpType> | undefined;

/**
 * sharp (libvips) costs about half a second to load, and only image work needs it: it is loaded
 * on first use, never at start-up (the workstation must reach its login page fast).
 */
export function loadSharp(): Promise<typeof sharpType> {
  return (loaded ??= import('sharp').then((m) => m.default));
}
