/** The export texts: both languages say the same things, and adding them leaves the page's lazy loading alone. */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { EXPORT_NS, addExportTexts, exportsEn } from './exports';
import { exportsKo } from './exportsKo';
import { I18N_OPTIONS } from './index';
import { ensureTexts } from './lazy';

/** Every leaf of a texts object, by path, with the placeholders it fills. */
function leaves(texts: object, path = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(texts)) {
    if (typeof value === 'string') out[`${path}${key}`] = [...value.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
    else Object.assign(out, leaves(value as object, `${path}${key}.`));
  }
  return out;
}

describe('the export texts', () => {
  it('have the same keys and placeholders in Korean and English', () => {
    expect(leaves(exportsKo)).toEqual(leaves(exportsEn));
    for (const text of Object.keys(leaves(exportsKo))) expect(text).not.toBe('');
  });

  it('are a namespace of their own: the other language is still fetched when the page switches to it', async () => {
    const instance = i18next.createInstance();
    void instance.init({ ...I18N_OPTIONS, lng: 'en', resources: { en: { translation: en } } });
    addExportTexts(instance);
    addExportTexts(instance);
    expect(instance.t('heading', { ns: EXPORT_NS })).toBe('Export this run');
    expect(instance.hasResourceBundle('ko', 'translation')).toBe(false);
    let fetched = 0;
    expect(await ensureTexts(instance, 'ko', () => (fetched++, Promise.resolve(en)))).toBe(true);
    expect(fetched).toBe(1);
    await instance.changeLanguage('ko');
    expect(instance.t('status.downloaded', { ns: EXPORT_NS, name: 'a.svg' })).toBe('a.svg 파일을 내려받았습니다');
  });
});
