/** The engine's public surface: what the CLI, the store and the tests use. */
export * from './types';
export { DEFAULT_SETTINGS, PRESETS, PRESET_NAMES, isPresetName, mergeSettings, resolveSettings, type PresetName } from './config';
export { parseScenario, parseScenarioText, produceScript, scenarioSchema, schemaIssues, formatPath, localized } from './scenario';
export type { Scenario, ScenarioInput, ExpectedOutcome, Issue, Parsed, LocalizedText } from './scenario';
export { Timeline, CHECKPOINT_EVERY } from './timeline';
export { anchorStep, resolveLesson, lessonSchema, LESSON_GROUPS, type Lesson, type LessonGroup, type LessonStep, type LessonQuestion, type LessonAnchor, type ResolvedLesson, type ResolvedLessonStep } from './lesson';
export { isQuiescent, pointKey, type RunConfig, type SimState } from './simulation';
export { buildLedger, ledgerOf, checkExpectation, EXPECTED_COUNTERS, type Ledger, type LedgerSummary, type MessageLedger, type ServiceOutcome, type ExpectationCheck, type ExpectationRow, type ExpectedCounter } from './ledger';
export { traceHash } from './hash';
export { traceDocument, type TraceDocument } from './traceDocument';
export { allPairs, idsOf, isNodeName, NODE_NAME_HINT, roleOf, servicesOf, topologyOf, type NodeSpec, type ServiceNodes, type Topology } from './topology';
export { ledgerAt } from './ledgerAt';
export { buildPackets, droppedNear, inFlightAt, progressAt, type Packet } from './packets';
// What the stage reads of each node's state (read-only; the engine owns every change).
export { isDown, type NodeSnapshots } from './nodes';
export { highWatermark, type BrokerContext, type PartitionState } from './logic/broker';
export { lastStableOffset, partitionLso } from './logic/brokerTxn';
export { groupOf, DEFAULT_GROUP_ID, type ClassicGroup } from './logic/groupCoordinator';
export type { ProducerContext, ProducerBatch } from './logic/producerContext';
export type { ConsumerContext } from './logic/consumerClient';
export type { SinkContext } from './logic/sink';
export type { CoordinatorContext } from './logic/transactionCoordinator';
export type { ProducerStateEntry } from './logic/producerState';
export { whyChain, whyTargetOf, type WhyChain, type WhyKind, type WhyLink, type WhyTarget, type WhyVars } from './why';
