import { Command, CommandRunner } from 'nest-commander';
import { EventsMigrateCommand } from './events-migrate.command';

/** The `events` group: commands over the event store itself. */
@Command({ name: 'events', description: 'commands over the event store', subCommands: [EventsMigrateCommand] })
export class EventsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
