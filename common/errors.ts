// One error type for the whole domain. `code` is stable (the renderer and tests key on it);
// `message` is the Chinese sentence a clerk can act on. Handlers turn a DeskError into
// `{ ok: false, error: { code, message } }`; anything else becomes INTERNAL.
export class DeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export function isDeskError(e: unknown): e is DeskError {
  return e instanceof DeskError;
}
