import { KurrentDbEventStore } from '../index';

// The client starts a native addon when loaded; deployments on the PostgreSQL default must never need it.
jest.mock('@kurrent/kurrentdb-client', () => {
  throw new Error('the KurrentDB client was loaded');
});

it('does not load the KurrentDB client until a store is built from a connection string', () => {
  expect(typeof KurrentDbEventStore).toBe('function');
  expect(() => KurrentDbEventStore.fromConnectionString('kurrentdb://localhost:2113?tls=false')).toThrow('the KurrentDB client was loaded');
});
