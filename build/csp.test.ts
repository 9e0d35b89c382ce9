import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPolicy, inlineHashes, parseHeaders, pathMatches, singleFilePolicy, sitePolicy } from './csp';

const HEADERS = fileURLToPath(new URL('../public/_headers', import.meta.url));
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the site policy', () => {
  it('is public/_headers’ policy for /*, without what a <meta> cannot carry', () => {
    const policy = formatPolicy(sitePolicy(HEADERS));
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('frame-ancestors');
    expect(policy).not.toMatch(/unsafe-|https?:|\*/);
  });

  it('reads _headers as Netlify does: paths at the line start, headers indented, comments', () => {
    const rules = parseHeaders('# a comment\n/*\n  X-A: 1\n  X-B: two: parts\n\n/assets/*\n  Cache-Control: immutable\n');
    expect(rules).toEqual([
      { path: '/*', headers: [['X-A', '1'], ['X-B', 'two: parts']] },
      { path: '/assets/*', headers: [['Cache-Control', 'immutable']] },
    ]);
    expect(() => parseHeaders('  X-A: 1')).toThrow(/outside a path/);
    expect(pathMatches('/*', '/assets/a.js')).toBe(true);
    expect(pathMatches('/assets/*', '/assets/a.js')).toBe(true);
    expect(pathMatches('/assets/*', '/index.html')).toBe(false);
  });
});

describe('the single file’s policy', () => {
  it('allows its inline script and style by their hashes, and a tag spelled inside the script is not taken for one', () => {
    const code = 'const s = `<style>x</style>`; \\x3C/script>';
    const html = `<head><script type="module" crossorigin>${code}</script><style rel="stylesheet">a{color:red}</style><script src="./x.js"></script></head>`;
    expect(inlineHashes(html)).toEqual({ scripts: [hash(code)], styles: [hash('a{color:red}')] });
    const policy = formatPolicy(singleFilePolicy(html));
    expect(policy).toContain(`script-src ${hash(code)};`);
    expect(policy).toContain(`style-src ${hash('a{color:red}')};`);
    expect(policy).toContain('worker-src blob:');
    expect(policy).not.toContain('unsafe-inline');
  });

  it('refuses to build a page without a script to allow', () => {
    expect(() => singleFilePolicy('<head></head>')).toThrow(/no inline script/);
  });
});
