/**
 * Both languages' texts, bundled: for the CLI and the tests, which want an instance at once and
 * either language. The page does not import this module (see lazy.ts).
 */
import i18next, { type i18n } from 'i18next';
import { en } from './en';
import { I18N_OPTIONS, type Language } from './index';
import { ko } from './ko';

export const resources = { en: { translation: en }, ko: { translation: ko } };

/** A ready i18next instance (synchronous: the resources are bundled). */
export function createI18n(lng: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, lng, resources });
  return instance;
}
