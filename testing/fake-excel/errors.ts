/**
 * Errors shaped like OfficeExtension.Error, so adapter code that inspects
 * `error.code` behaves the same on the fake and on Excel.
 */
export type FakeErrorCode =
  | 'PropertyNotLoaded' | 'InvalidArgument' | 'ItemNotFound' | 'ItemAlreadyExists'
  | 'RequestPayloadSizeLimitExceeded' | 'ResponsePayloadSizeLimitExceeded'
  | 'InvalidReference' | 'ApiNotFound' | 'InvalidOperation' | 'GeneralException';

export class FakeExcelError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(readonly code: FakeErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.debugInfo = { code, message, errorLocation };
  }
}

export function notLoaded(entity: string, prop: string): FakeExcelError {
  return new FakeExcelError('PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${entity}.${prop}`);
}
