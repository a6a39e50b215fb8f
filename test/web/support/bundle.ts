// What the browser must download before the dashboard can start: the module script and the
// modulepreload links of web/dist/index.html (lazy chunks such as uPlot are not counted).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_ROOT = resolve(import.meta.dirname, '../../../web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

export interface InitialJs {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** Script and modulepreload URLs of an index.html. */
export function initialScriptPaths(indexHtml: string): string[] {
  const paths = new Set<string>();
  for (const tag of indexHtml.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isScript = tag.startsWith('<script') && /\btype="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isScript || isPreload) && url) paths.add(url);
  }
  return [...paths];
}

export function measureInitialJs(dist = WEB_DIST): InitialJs {
  const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = initialScriptPaths(indexHtml).map((url) => {
    const content = readFileSync(join(dist, url.replace(/^\//, '')));
    return { path: url, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

/** Builds web/dist with the project's Vite config unless it is there already. */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
