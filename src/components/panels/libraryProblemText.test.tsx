/** Every problem with the saved scenarios reads as a message in English and Korean, names quoted as text. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { strictI18n, markupText } from '../../i18n/strictTesting';
import type { LibraryProblem } from '../../store/errors';
import { tellProblem } from './libraryProblemText';

const KEY = 'delivery-lab.scenarios.v1.set-aside';
const PROBLEMS: LibraryProblem[] = [
  { code: 'storage-unavailable' },
  { code: 'storage-full' },
  { code: 'storage-corrupt', setAsideKey: KEY },
  { code: 'storage-corrupt', setAsideKey: null },
  { code: 'storage-version', version: '0', setAsideKey: KEY },
  { code: 'storage-version', version: '"beta"', setAsideKey: null },
  { code: 'storage-version', version: '2', setAsideKey: null, newer: true },
  { code: 'storage-dropped', names: ['<img src=x onerror=alert(1)>', 'old'], count: 3, setAsideKey: KEY },
  { code: 'storage-dropped', names: [], count: 1, setAsideKey: null },
  { code: 'storage-missing' },
];

describe('library problems in words', () => {
  it.each(['en', 'ko'] as const)('%s: every problem, no missing key or value, names as text', (lng) => {
    const { i, problems } = strictI18n(lng);
    for (const p of PROBLEMS) {
      const { text, tags } = markupText(renderToStaticMarkup(<>{tellProblem(i.t, p)}</>));
      expect(problems, JSON.stringify(p)).toEqual([]);
      expect(text.trim(), JSON.stringify(p)).not.toBe('');
      expect(tags.every((t) => t === 'ul' || t === 'li'), JSON.stringify(p)).toBe(true);
      if (lng === 'ko') expect(text).toMatch(/[\uAC00-\uD7A3]/);
      if ('setAsideKey' in p && p.setAsideKey) expect(text).toContain(KEY);
      if ('version' in p) expect(text).toContain(p.version);
    }
    const dropped = markupText(renderToStaticMarkup(<>{tellProblem(i.t, PROBLEMS[7]!)}</>));
    expect(dropped.text).toContain('<img src=x onerror=alert(1)>');
    expect(dropped.tags).not.toContain('img');
  });

  it.each(['en', 'ko'] as const)("%s: the storage words beyond the share panel's (unsaved, newer, downloads) are there", (lng) => {
    const { i, problems } = strictI18n(lng);
    for (const key of ['fullUnsaved', 'unavailableUnsaved', 'otherUnsaved', 'downloadUnsaved']) expect(i.t(`robust.storage.${key}`, { name: 'n' })).toContain('n');
    for (const key of ['downloadSetAside', 'downloadKept', 'setAside']) expect(i.t(`robust.storage.${key}`)).not.toBe(`robust.storage.${key}`);
    expect(problems).toEqual([]);
  });
});
