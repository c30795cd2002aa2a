import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem-details.filter';

function flatten(errors: ValidationError[], parent = ''): { field: string; rules: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, rules: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Request bodies: whitelist, unknown fields refused, every failing field named in the problem. */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ProblemException(400, 'REQUEST.INVALID', `invalid request: ${fields.map((f) => f.field).join(', ')}`, { errors: fields });
    },
  });
}
