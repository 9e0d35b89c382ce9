/**
 * The page's Content-Security-Policy, at build time. One source: the `/*` rule of public/_headers
 * (the HTTP headers a static host sends). The hosted build writes that policy into index.html as a
 * <meta> (a host that sends no headers still gets it); the single-file build, whose scripts and
 * styles are inline, allows exactly those by their sha256 hashes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/** One rule of a `_headers` file: a path pattern (`*` matches anything) and the headers it gets. */
export interface HeaderRule {
  path: string;
  headers: [name: string, value: string][];
}

/** Parses Netlify's and Cloudflare Pages' `_headers` format: a path at the line's start, its headers indented under it. */
export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (!rule || colon < 0) throw new Error(`_headers: a header outside a path, or without a colon: ${line.trim()}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Whether a rule's path pattern matches a path (`/*` matches every path, `/assets/*` everything under it). */
export function pathMatches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(path);
}

export type Policy = [directive: string, ...sources: string[]][];

export const parsePolicy = (text: string): Policy =>
  text
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .filter((d) => d[0])
    .map(([name, ...sources]) => [name!, ...sources]);

export const formatPolicy = (policy: Policy): string => policy.map((d) => d.join(' ')).join('; ');

/** Directives a <meta> policy may not carry (browsers ignore them there, and say so in the console). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

/** The policy of `_headers`' `/*` rule, as a <meta> can carry it. */
export function sitePolicy(headersFile: string): Policy {
  const all = parseHeaders(readFileSync(headersFile, 'utf8')).find((r) => r.path === '/*');
  const csp = all?.headers.find(([name]) => name.toLowerCase() === 'content-security-policy');
  if (!csp) throw new Error(`${headersFile}: no Content-Security-Policy for /*`);
  return parsePolicy(csp[1]).filter(([name]) => !HEADER_ONLY.has(name));
}

const meta = (policy: Policy) => `<meta http-equiv="Content-Security-Policy" content="${formatPolicy(policy)}" />`;

/** Puts the policy first in <head>, before any script or style it governs (a <meta> policy applies to what follows it). */
function withMeta(html: string, policy: Policy): string {
  const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
  if (!charset) throw new Error('index.html: no <meta charset> to put the policy after');
  const at = charset.index + charset[0].length;
  return `${html.slice(0, at)}\n    ${meta(policy)}${html.slice(at)}`;
}

/** The hosted build: `_headers`' policy as a <meta> in index.html (not in `vite` dev, whose HMR needs inline scripts and a websocket). */
export function siteCsp(headersFile: string): Plugin {
  return {
    name: 'delivery-lab:site-csp',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => withMeta(html, sitePolicy(headersFile)) },
  };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;

/**
 * The hashes of every inline <script> and <style> element's text in `html`, as CSP sources. A
 * script ends at the first `</script>` (vite-plugin-singlefile escapes any inside the code), and
 * styles are looked for outside the scripts, whose code may spell a tag in a string.
 */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(SCRIPT)].filter((m) => !/\ssrc\s*=/i.test(m[1]!)).map((m) => sha256(m[2]!));
  const styles = [...html.replace(SCRIPT, '').matchAll(STYLE)].map((m) => sha256(m[1]!));
  return { scripts, styles };
}

/**
 * The single-file build's policy: its one script and one stylesheet by their hashes (no
 * 'unsafe-inline'), the Prove it worker from the blob: URL the page makes, images from data: and
 * blob: (the favicon, the PNG export drawing its SVG), nothing else from anywhere.
 */
export function singleFilePolicy(html: string): Policy {
  const { scripts, styles } = inlineHashes(html);
  if (scripts.length === 0) throw new Error('single file: no inline script to allow');
  return [
    ['default-src', "'none'"],
    ['script-src', ...scripts],
    ['style-src', ...(styles.length ? styles : ["'none'"])],
    ['img-src', 'data:', 'blob:'],
    ['worker-src', 'blob:'],
    ['connect-src', "'none'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
}

/**
 * The single-file build: once vite-plugin-singlefile has inlined everything (it runs in the same
 * hook, listed before this plugin), hashes the inline scripts and styles and puts the policy in.
 */
export function singleFileCsp(): Plugin {
  return {
    name: 'delivery-lab:single-file-csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const pages = Object.values(bundle).filter((f) => f.type === 'asset' && f.fileName.endsWith('.html'));
        if (pages.length === 0) this.error('single file: no HTML page in the bundle');
        for (const page of pages) {
          if (page.type !== 'asset') continue;
          const html = typeof page.source === 'string' ? page.source : new TextDecoder().decode(page.source);
          page.source = withMeta(html, singleFilePolicy(html));
        }
      },
    },
  };
}
