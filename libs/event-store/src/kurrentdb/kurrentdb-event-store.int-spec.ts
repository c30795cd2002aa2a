import { eventStoreContract } from '@app/testing';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const connectionString = process.env.KURRENTDB_TEST_CONNECTION_STRING;

if (connectionString) {
  // A server cannot be emptied between runs: the suite relies on fresh stream names, and on nothing but this
  // adapter writing to the server's user streams (the chain verification walks all of $all).
  eventStoreContract('kurrentdb', {
    async create() {
      return KurrentDbEventStore.fromConnectionString(connectionString);
    },
    async teardown() {},
  });
} else {
  describe('event store contract: kurrentdb', () => {
    console.log(
      '[kurrentdb] contract suite not run: set KURRENTDB_TEST_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false) to run it against a server',
    );
    it.skip('is not run: no KurrentDB server is configured (KURRENTDB_TEST_CONNECTION_STRING is unset)', () => undefined);
  });
}
