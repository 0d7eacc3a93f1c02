/**
 * Ferry's local persistence, for the screens: the database singleton, the import run store (core's RunStore port),
 * export history, field presets, history queries, and the history file.
 */
export { db } from './db';
export { FerryDb } from './ferry-db';
export { DexieRunStore } from './run-store';
export type { ExportRecord, ExportFormat, ExportStatus, ExportCounts } from './export-record';
export { saveExport, updateExport, loadExport, deleteExport } from './export-store';
export type { FieldPreset, OutcomeRow } from './records';
export { saveFieldPreset, listFieldPresets, loadFieldPreset, deleteFieldPreset } from './field-presets';
export type { HistoryEntry, HistoryKind } from './history-entry';
export { listHistory, historyTenants, deleteHistoryEntry } from './history-list';
export type { HistoryFilter, HistoryCursor, HistoryPage } from './history-list';
export { exportHistoryFile, importHistoryFile, parseHistoryFile, HistoryFileError } from './history-file';
export { redactSecrets } from './redact-secrets';
