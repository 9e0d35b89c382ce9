/**
 * Lesson mode's words come with its chunks (the first page load has only the header's two
 * buttons', lazyWords.ts): each lesson component adds them before it renders its first word.
 */
import type { i18n } from 'i18next';
import { addTexts } from '../../i18n/addTexts';
import { lessonEn } from '../../i18n/lesson';
import { lessonKo } from '../../i18n/lessonKo';

export const ensureLessonTexts = (instance: i18n): void => addTexts(instance, 'lesson', lessonEn, lessonKo);
