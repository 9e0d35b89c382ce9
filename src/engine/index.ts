/** The engine's public surface: what the CLI, the store and the tests use. */
export * from './types';
export { DEFAULT_SETTINGS, PRESETS, PRESET_NAMES, isPresetName, resolveSettings, type PresetName } from './config';
export { parseScenario, parseScenarioText, produceScript, scenarioSchema, formatPath, localized } from './scenario';
export type { Scenario, ScenarioInput, ExpectedOutcome, Issue, Parsed, LocalizedText } from './scenario';
export { Timeline, CHECKPOINT_EVERY } from './timeline';
export { isQuiescent, type RunConfig, type SimState } from './simulation';
export { buildLedger, ledgerOf, checkExpectation, EXPECTED_COUNTERS, type Ledger, type LedgerSummary, type MessageLedger, type ServiceOutcome, type ExpectationCheck, type ExpectationRow, type ExpectedCounter } from './ledger';
export { traceHash } from './hash';
export { isNodeName, NODE_NAME_HINT, roleOf, servicesOf, topologyOf, type NodeSpec, type ServiceNodes, type Topology } from './topology';
export { ledgerAt } from './ledgerAt';
export { buildPackets, droppedNear, inFlightAt, progressAt, type Packet } from './packets';
