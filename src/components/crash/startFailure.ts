/**
 * When nothing else can be shown: the page could not start (its language's texts failed to load,
 * before React rendered anything), or the crash screen itself failed. Words in both languages,
 * without the page's texts, made with text nodes only, instead of a blank page.
 */

/** The last words: in both languages, without the page's texts. */
export const LAST_WORDS = 'The lab stopped with an error. Reload the page. · 랩이 오류로 멈췄습니다. 페이지를 새로고침하세요.';

/** A start that failed: the last words, what failed, and a reload button. */
export function showStartFailure(container: HTMLElement, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'alert';
  box.setAttribute('role', 'alert');
  box.setAttribute('data-testid', 'start-failure');
  const text = document.createElement('p');
  const detail = error instanceof Error ? error.message : String(error);
  text.textContent = `${LAST_WORDS} (${detail})`;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload · 새로고침';
  reload.addEventListener('click', () => window.location.reload());
  box.append(text, reload);
  container.replaceChildren(box);
}
