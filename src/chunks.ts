/**
 * Fetching the page's own chunks (a language's texts, a scenario file) so that a failed fetch can
 * be tried again. Chromium remembers a failed module fetch for the page's life (whatwg/html#6768:
 * importing the same URL again fails at once, even online), so the next try asks for the same file
 * under a fresh query.
 */

/**
 * The page's own script that a failed import() names, without its query (Chromium and Firefox say
 * "Failed to fetch dynamically imported module: <url>"); null if the error names none of ours.
 */
export function failedModuleUrl(err: unknown, base: string = import.meta.url): string | null {
  const found = /https?:\/\/[^\s'"]+?\.js\b/.exec(err instanceof Error ? err.message : String(err));
  if (!found || !URL.canParse(found[0])) return null;
  const url = new URL(found[0]);
  if (url.origin !== new URL(base).origin) return null;
  url.search = '';
  url.hash = '';
  return url.href;
}

let retries = 0;

/**
 * `load` (a dynamic import), and after it has failed, the same chunk under a fresh query. A failure
 * is passed on to the caller, who says so and may call again.
 */
export function retryable<M>(load: () => Promise<M>): () => Promise<M> {
  let failedAt: string | null = null;
  return async () => {
    try {
      const mod = failedAt ? ((await import(/* @vite-ignore */ `${failedAt}?retry=${++retries}`)) as M) : await load();
      failedAt = null;
      return mod;
    } catch (err) {
      failedAt = failedModuleUrl(err) ?? failedAt;
      throw err;
    }
  };
}
