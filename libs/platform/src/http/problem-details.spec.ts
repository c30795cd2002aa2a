import { BadRequestException } from '@nestjs/common';
import { ProblemException, toProblem } from './problem-details.filter';

/** The shape http-errors gives the errors of Express middleware (body-parser). */
const httpError = (status: number, message: string, expose = status < 500) => Object.assign(new Error(message), { status, statusCode: status, expose });

describe('toProblem', () => {
  it("answers a middleware's client error (a JSON body over body-parser's limit) with its own 4xx, never 500", () => {
    expect(toProblem(httpError(413, 'request entity too large'))).toMatchObject({ status: 413, code: 'REQUEST.TOO_LARGE', detail: 'request entity too large' });
    expect(toProblem(httpError(415, 'unsupported charset "KOI8-R"'))).toMatchObject({ status: 415, code: 'HTTP.415' });
  });

  it('keeps server-side errors hidden: an unexposed error or a 5xx status is INTERNAL', () => {
    expect(toProblem(httpError(503, 'db down'))).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(toProblem(Object.assign(new Error('secret'), { status: 400 }))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('still answers Nest and our own exceptions as before', () => {
    expect(toProblem(new BadRequestException('bad'))).toMatchObject({ status: 400, code: 'HTTP.400' });
    expect(toProblem(new ProblemException(428, 'IDEMPOTENCY.KEY_REQUIRED', 'key'))).toMatchObject({ status: 428, code: 'IDEMPOTENCY.KEY_REQUIRED' });
  });
});
