import { Inject, Injectable, type CallHandler, type CanActivate, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { APP_CONFIG, ProblemException, type AppConfig, type Principal } from '@app/platform';

export const IMPORT_ROLES = ['administrator', 'coordination_office'] as const;

/** Only the roles that may import get their upload read at all; the importer judges each row's jurisdiction. */
@Injectable()
export class ImportersOnly implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { role } = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if ((IMPORT_ROLES as readonly string[]).includes(role)) return true;
    throw new ProblemException(403, 'AUTH.ROLE_NOT_ALLOWED', `${role} may not import history`, { role, allowedRoles: IMPORT_ROLES });
  }
}

const FILE_FIELD = 'file';

function invalid(detail: string): ProblemException {
  return new ProblemException(400, 'REQUEST.INVALID', detail, { errors: [{ field: FILE_FIELD, rules: [detail] }] });
}

/** Every way an upload can fail becomes a 4xx with a stable code: the size limit 413, anything malformed 400. */
function uploadProblem(err: unknown, maxBytes: number): ProblemException {
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return new ProblemException(413, 'IMPORT.TOO_LARGE', `the file is larger than ${maxBytes} bytes: split it into smaller files`, { limit: maxBytes });
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_UNEXPECTED_FILE':
        return invalid(`send exactly one file, in the form field "${FILE_FIELD}"${err.field && err.field !== FILE_FIELD ? ` (got "${err.field}")` : ''}`);
      default:
        return invalid(`the multipart form is refused: ${err.message}`);
    }
  }
  return invalid(`the multipart body cannot be read: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Reads the one file of a multipart/form-data upload into memory, never more than IMPORT_MAX_BYTES of it (the rest of
 * an oversized body is drained, not kept, and answered 413). Anything but multipart/form-data is answered 415.
 */
@Injectable()
export class ImportUpload implements NestInterceptor {
  private readonly maxBytes: number;
  private readonly upload: RequestHandler;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.IMPORT_MAX_BYTES;
    this.upload = multer({
      storage: multer.memoryStorage(),
      // Browsers send file names as UTF-8: Vietnamese names then read right in reports.
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12, headerPairs: 100 },
    } as multer.Options).single(FILE_FIELD);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!req.is('multipart/form-data')) {
      throw new ProblemException(415, 'IMPORT.UNSUPPORTED_MEDIA_TYPE', `upload the file as multipart/form-data in the field "${FILE_FIELD}" (got ${req.header('content-type') ?? 'no Content-Type'})`);
    }
    await new Promise<void>((resolve, reject) => this.upload(req, res, (err?: unknown) => (err ? reject(uploadProblem(err, this.maxBytes)) : resolve())));
    if (!req.file) throw invalid(`no file: send it in the form field "${FILE_FIELD}"`);
    return next.handle();
  }
}
