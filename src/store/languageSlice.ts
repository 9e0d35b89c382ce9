/** The language slice: the page's language (the i18n instance and `<html lang>` follow it). */
import type { StateCreator } from 'zustand/vanilla';
import { LANGUAGES, type Language } from '../i18n';
import type { LabState } from './state';

export interface LanguageSlice {
  language: Language;
  setLanguage: (language: Language) => void;
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function createLanguageSlice(language: Language): StateCreator<LabState, [], [], LanguageSlice> {
  return (set) => ({
    language,
    setLanguage: (next) => set({ language: next }),
  });
}
