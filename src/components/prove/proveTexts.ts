/** Adds Prove it's words to the page's i18n once (they come with this chunk, not the first page load). */
import type { i18n } from 'i18next';
import { addTexts } from '../../i18n/addTexts';
import { proveEn } from '../../i18n/prove';
import { proveKo } from '../../i18n/proveKo';

export const ensureProveTexts = (instance: i18n): void => addTexts(instance, 'prove', proveEn, proveKo);
