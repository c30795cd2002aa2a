import { Command, CommandRunner, Option } from 'nest-commander';
import { demoToken, DEMO_TOKEN_USAGE, type DemoTokenRequest } from '../demo-token';
import { UsageError } from '../usage-error';

/** The same token as `npm run token`, for those who have the CLI at hand. */
@Command({ name: 'token', description: 'mint a demo bearer token signed with JWT_SECRET' })
export class TokenCommand extends CommandRunner {
  @Option({ flags: '--role <role>', description: 'the role the token carries' })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '--unit <code>', description: 'province (2 digits) or commune (5 digits) of the July 2025 map' })
  parseUnit(value: string): string {
    return value;
  }

  @Option({ flags: '--sub <user-id>', description: 'subject (user id); defaults to <role>-<unit>' })
  parseSub(value: string): string {
    return value;
  }

  @Option({ flags: '--name <full-name>', description: 'display name' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--hours <n>', description: 'validity in hours', defaultValue: '8' })
  parseHours(value: string): string {
    return value;
  }

  async run(_params: string[], options: DemoTokenRequest): Promise<void> {
    const token = demoToken(options);
    if (!token) throw new UsageError(`usage: npm run cli -- token ${DEMO_TOKEN_USAGE}`);
    process.stdout.write(`${token}\n`);
  }
}
