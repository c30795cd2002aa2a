import type { BenchPart } from '../lib/part';
export const httpCommandsPart: BenchPart = { name: 'http', title: 'x', run: async () => { throw new Error('todo'); } };
