import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../api/errors.ts';
import { PACKAGE_ROOT } from '../shared/package-root.ts';

export const WEB_DIST = join(PACKAGE_ROOT, 'web', 'dist');

export interface WebUiOptions {
  /** The built SPA (vite's outDir); defaults to web/dist under the package root. */
  root?: string;
}

/** Paths that belong to the server, never to the SPA: they keep their own 404s. */
const SERVER_PATHS = /^\/(api|metrics)(\/|$|\?)/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kestrel: web UI not built</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:4em auto">
<h1>The Kestrel web UI is not built</h1>
<p>The API (<a href="/api/v1/clusters">/api/v1</a>) and <a href="/metrics">/metrics</a> work.
To get the dashboard, run <code>npm run build:web</code> (or <code>npm start</code>, which builds it)
and restart Kestrel.</p>
</body></html>
`;

/**
 * Serves the Svelte SPA from web/dist. Vite names every file under assets/ by its content hash,
 * so those are cached for a year as immutable; index.html is revalidated every time so a new
 * deploy is picked up at once. Any other GET path that is not the API's falls back to
 * index.html, so a client-side route survives a reload. Called on the root instance (not
 * through register) because the SPA fallback is the app's own not-found handler.
 */
export async function registerWebUi(app: FastifyInstance, options: WebUiOptions = {}): Promise<void> {
  const root = options.root ?? WEB_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'web UI not built: run `npm run build:web`; serving a 503 page instead');
    app.setNotFoundHandler((request, reply) => {
      if (!isSpaRequest(request)) return notFound(request, reply);
      return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    });
    return;
  }
  // serve: false registers no routes (the OpenAPI document lists every route there is); the
  // files are served from the not-found handler, which only runs when no route matched.
  await app.register(fastifyStatic, {
    root,
    serve: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const files = new Set(listFiles(root));
  app.setNotFoundHandler((request, reply) => {
    if (!isSpaRequest(request)) return notFound(request, reply);
    const path = filePath(request.url);
    if (path !== undefined && files.has(path)) return reply.sendFile(path);
    // A missing file is a 404: index.html in place of a script, style or icon only fails later
    // and hides the cause. Only page routes fall back to the SPA.
    if (path === undefined || isFilePath(path)) return notFound(request, reply);
    return reply.sendFile('index.html');
  });
}

/** The request path as a file name relative to the root, or undefined when it cannot be one. */
function filePath(url: string): string | undefined {
  try {
    const path = decodeURIComponent(url.split('?')[0] ?? '').replace(/^\/+/, '');
    return path.split('/').includes('..') ? undefined : path;
  } catch {
    return undefined;
  }
}

/**
 * Whether a path names a file rather than a page: anything under assets/ (vite's output), or a
 * name with a dot at the top level (favicon.ico, robots.txt). Page routes are words at the top
 * (/alerts) and may hold dots only further down (/clusters/prod/topics/orders.v1).
 */
function isFilePath(path: string): boolean {
  return path === 'assets' || path.startsWith('assets/') || (!path.includes('/') && path.includes('.'));
}

/** Every file under `root`, as posix paths relative to it. The build does not change while we run. */
function listFiles(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, path) : [path];
  });
}

function isSpaRequest(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATHS.test(request.url);
}
