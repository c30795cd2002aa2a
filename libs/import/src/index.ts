export * from './import-contract';
export * from './cells';
export * as normalise from './normalise';
export { IMPORT_PERIODS, type PlanScope, type UnitCodeColumn } from './normalise';
export * from './columns';
export * from './rows';
export { findHeader, guessKind, readTable, type Table, type TableRow, type TableRead } from './table';
export * from './read-import-file';
export * from './templates';
