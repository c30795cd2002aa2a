const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const running = globalThis.__NTM_TEST_PG__;
  if (!running) return;
  await running.pg.stop();
  fs.rmSync(running.dir, { recursive: true, force: true });
};
