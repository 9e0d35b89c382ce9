/**
 * For tests: the bundled scenarios with every file loaded, so the store's actions apply at once
 * (the page's catalog fetches each file when it is first selected).
 */
import { eagerCatalog, type BundledCatalog } from './bundled';
import { createLabStore, type LabStore, type LabStoreOptions } from './index';

export const LOADED_CATALOG: BundledCatalog = eagerCatalog(import.meta.glob<unknown>('../scenarios/*.json', { eager: true, import: 'default' }));

/** A new store over LOADED_CATALOG. */
export const createTestStore = (options: LabStoreOptions = {}): LabStore => createLabStore({ catalog: LOADED_CATALOG, ...options });
