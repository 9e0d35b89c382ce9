/**
 * A static host for the built site, as small as one can be: files from a directory under a URL
 * prefix (`/some/deep/path/`), with the headers `_headers` gives each path (read as Netlify and
 * Cloudflare Pages read it), and nothing else: no SPA fallback, no rewriting. It listens on a port
 * the system picks, so checkouts testing at the same time never collide.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHeaders, pathMatches, type HeaderRule } from '../build/csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticSite {
  /** The site's address, ending in the prefix (`http://127.0.0.1:<port>/some/deep/path/`). */
  url: string;
  close: () => Promise<void>;
}

/** Serves `root` under `prefix` (which starts and ends with `/`), each file with its `_headers` headers. */
export async function serveStatic(root: string, prefix: string): Promise<StaticSite> {
  let rules: HeaderRule[] = [];
  try {
    rules = parseHeaders(await readFile(path.join(root, '_headers'), 'utf8'));
  } catch {
    // No _headers: a host that sends none.
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!pathname.startsWith(prefix) || pathname.includes('..')) {
        res.writeHead(404).end();
        return;
      }
      // The site's own path, as `_headers` names it (from the site's root).
      const sitePath = `/${pathname.slice(prefix.length)}`;
      const file = sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
      try {
        const body = await readFile(path.join(root, file));
        const headers: Record<string, string> = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
        for (const rule of rules) if (pathMatches(rule.path, sitePath)) for (const [name, value] of rule.headers) headers[name] = value;
        res.writeHead(200, headers).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no port');
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
