import { Module } from '@nestjs/common';
import { EventsMigrateCommand } from './commands/events-migrate.command';
import { EventsCommand } from './commands/events.command';
import { TokenCommand } from './commands/token.command';
import { ConfiguredStore } from './configured-store';

/**
 * Operator commands, one file each under commands/; a group (`events`, later `projections`, `audit`, `dossier`) is a
 * command listing its subcommands. Commands open the installation's store through ConfiguredStore, never on their own.
 */
@Module({
  providers: [ConfiguredStore, EventsCommand, EventsMigrateCommand, TokenCommand],
})
export class CliModule {}
