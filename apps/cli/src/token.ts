import { parseArgs } from 'node:util';
import { demoToken, DEMO_TOKEN_USAGE } from './demo-token';

/** Mints a demo bearer token signed with JWT_SECRET (the embedded default). Usage: npm run token -- --role commune_officer --unit 07198 */
function main(): void {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  const token = demoToken(values);
  if (!token) {
    process.stderr.write(`usage: npm run token -- ${DEMO_TOKEN_USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(`${token}\n`);
}

main();
