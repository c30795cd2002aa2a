import { decide } from './decide';
import { evolve } from './evolve';
import { initialCommuneState } from './state';

export * from './events';
export * from './commands';
export * from './state';
export * from './errors';
export { decide as decideCommune } from './decide';
export { evolve as evolveCommune, evolveAll as evolveCommuneEvents } from './evolve';

export const communeDecider = { decide, evolve, initialState: initialCommuneState };
