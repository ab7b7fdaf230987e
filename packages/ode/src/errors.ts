/** What went wrong in a solve. */
export type OdeErrorCode = 'step-underflow' | 'max-steps' | 'non-finite' | 'invalid-argument';

/**
 * The one error type odeint throws for its own failures. `code` says which failure it is; the message says what
 * happened, at which time, and what to try. Errors thrown by the user's derivative pass through unchanged.
 */
export class OdeError extends Error {
  readonly code: OdeErrorCode;
  /** The integration time at which the failure happened, where there is one. */
  readonly t: number | undefined;

  constructor(code: OdeErrorCode, message: string, t?: number) {
    super(message);
    this.name = 'OdeError';
    this.code = code;
    this.t = t;
  }
}

export function invalidArgument(message: string): OdeError {
  return new OdeError('invalid-argument', message);
}
