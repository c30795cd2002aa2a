export * from './errors';
export * from './error-kinds';
export * from './regulations';
export * from './dossier';
export * from './commune';
export * from './calendar';
export * from './deadlines';
export * from './units';
