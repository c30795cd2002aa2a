import { parseArgs } from 'node:util';
import { ROLES } from '@app/domain';
import { isRole, loadConfig, mintToken } from '@app/platform';

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
  if (!isRole(values.role) || !values.unit) {
    process.stderr.write(`usage: npm run token -- --role <${ROLES.join('|')}> --unit <province 2 digits | commune 5 digits> [--sub user-id] [--name "Full Name"] [--hours 8]\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const token = mintToken(
    { id: values.sub ?? `${values.role}-${values.unit}`, role: values.role, unit: values.unit, name: values.name },
    config.JWT_SECRET,
    { expiresInSeconds: Number(values.hours) * 3600, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  );
  process.stdout.write(`${token}\n`);
}

main();
