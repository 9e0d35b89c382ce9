/**
 * The scenarios shipped with the lab: every `src/scenarios/*.json`, validated with the engine's
 * parser. A broken file is listed with its issues instead of breaking the page.
 */
import { parseScenario, type Issue, type Scenario } from '../engine';

export interface BundledScenario {
  /** The scenario's `id`, or its file name without `.json`. */
  id: string;
  file: string;
  /** The JSON as written: a run with another seed re-parses it with `seed` replaced. */
  input: Record<string, unknown>;
  scenario: Scenario;
}

export interface BrokenScenario {
  file: string;
  issues: Issue[];
}

export interface BundledCatalog {
  scenarios: readonly BundledScenario[];
  broken: readonly BrokenScenario[];
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Validates loaded scenario modules (path -> JSON), sorted by file name. */
export function collectScenarios(modules: Record<string, unknown>): BundledCatalog {
  const scenarios: BundledScenario[] = [];
  const broken: BrokenScenario[] = [];
  const seen = new Set<string>();
  for (const path of Object.keys(modules).sort()) {
    const file = fileName(path);
    const json = modules[path];
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      broken.push({ file, issues: [{ path: '(the file)', message: 'a scenario is a JSON object' }] });
      continue;
    }
    const parsed = parseScenario(json);
    if (!parsed.ok) {
      broken.push({ file, issues: parsed.issues });
      continue;
    }
    const id = parsed.scenario.id ?? file.replace(/\.json$/, '');
    if (seen.has(id)) {
      broken.push({ file, issues: [{ path: 'id', message: `another file already has the id "${id}"` }] });
      continue;
    }
    seen.add(id);
    scenarios.push({ id, file, input: json as Record<string, unknown>, scenario: parsed.scenario });
  }
  return { scenarios, broken };
}

/** The bundled scenarios, collected at build time by Vite. */
export const BUNDLED: BundledCatalog = collectScenarios(
  import.meta.glob<unknown>('../scenarios/*.json', { eager: true, import: 'default' }),
);
