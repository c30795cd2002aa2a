import { ROLES } from '@app/domain';
import { isRole, loadConfig, mintToken } from '@app/platform';

export interface DemoTokenRequest {
  role?: string;
  unit?: string;
  sub?: string;
  name?: string;
  hours?: string;
}

export const DEMO_TOKEN_USAGE = `--role <${ROLES.join('|')}> --unit <province 2 digits | commune 5 digits> [--sub user-id] [--name "Full Name"] [--hours 8]`;

/** A demo bearer token signed with JWT_SECRET (the embedded default), or null when the role or unit is missing. */
export function demoToken(request: DemoTokenRequest): string | null {
  if (!isRole(request.role) || !request.unit) return null;
  const config = loadConfig();
  return mintToken(
    { id: request.sub ?? `${request.role}-${request.unit}`, role: request.role, unit: request.unit, name: request.name },
    config.JWT_SECRET,
    { expiresInSeconds: Number(request.hours ?? '8') * 3600, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
  );
}
