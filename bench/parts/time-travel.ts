import type { BenchPart } from '../lib/part';
export const timeTravelPart: BenchPart = { name: 'time-travel', title: 'x', run: async () => { throw new Error('todo'); } };
