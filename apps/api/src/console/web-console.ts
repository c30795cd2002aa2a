import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';

/**
 * Serves the built console at `/` from the same process and origin as the API. The console routes with the URL's
 * hash (`/#/dossiers/…`), so the server only ever serves `/`, `/index.html` and the hashed files under `/assets/`:
 * no path of the API (/dossiers, /statistics, /docs, …) can be shadowed by a console page, nor the other way round.
 */
export function serveWebConsole(app: INestApplication, dir: string): void {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('WebConsole').warn(`web console not built (no ${join(dir, 'index.html')}): run npm run build:web; the API answers as usual`);
    return;
  }
  const assets = serveStatic(join(root, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  const index = serveStatic(root, { index: false, fallthrough: true, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
  app.use('/assets', assets);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') {
      req.url = '/index.html';
      return index(req, res, next);
    }
    if (req.path === '/index.html' || req.path === '/favicon.svg') return index(req, res, next);
    next();
  });
}
