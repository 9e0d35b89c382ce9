/**
 * Both languages' texts, bundled: for the CLI and the tests, which want an instance at once and
 * either language. The page does not import this module (see lazy.ts).
 */
import i18next, { type i18n } from 'i18next';
import { en } from './en';
import { I18N_OPTIONS, type Language } from './index';
import { ko } from './ko';
import { compareEn } from './compare';
import { compareKo } from './compareKo';
import { proveEn } from './prove';
import { proveKo } from './proveKo';
import { whyEn } from './why';
import { whyKo } from './whyKo';
import { lessonEn } from './lesson';
import { lessonKo } from './lessonKo';
import { robustEn } from './robust';
import { traceEn } from './traceEn';
import { traceKo } from './traceKo';
import { robustKo } from './robustKo';

// With the words the page's lazy chunks add to it (addTexts), so the CLI and tests have every word.
export const resources = {
  en: { translation: { ...en, trace: traceEn, lesson: lessonEn, prove: proveEn, why: { ...en.why, ...whyEn }, compare: { ...en.compare, ...compareEn }, robust: { ...en.robust, ...robustEn } } },
  ko: { translation: { ...ko, trace: traceKo, lesson: lessonKo, prove: proveKo, why: { ...ko.why, ...whyKo }, compare: { ...ko.compare, ...compareKo }, robust: { ...ko.robust, ...robustKo } } },
};

/** A ready i18next instance (synchronous: the resources are bundled). */
export function createI18n(lng: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init({ ...I18N_OPTIONS, lng, resources });
  return instance;
}
