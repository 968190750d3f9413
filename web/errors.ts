// Errors the web layer turns into pages: 404 for what a person may not know exists, 403 for what
// they may see but not do, 400 for bad input; anything else is a 500 with no stack trace shown.
export type HttpErrorKind = 'not-found' | 'forbidden' | 'csrf' | 'bad-request' | 'too-large' | 'unavailable' | 'conflict';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly kind: HttpErrorKind | string,
    readonly detail?: string,
  ) {
    super(detail ?? kind);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404, 'not-found');
export const forbidden = (detail?: string) => new HttpError(403, 'forbidden', detail);
export const badRequest = (detail: string) => new HttpError(400, 'bad-request', detail);
