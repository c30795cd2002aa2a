import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { HISTORY_IMPORTER, type HistoryImporter } from '@app/import';
import { AuditCommand, AuditVerifyCommand } from './commands/audit.command';
import { DossierCommand, DossierExportCommand, DossierReplayCommand } from './commands/dossier.command';
import { EventsMigrateCommand } from './commands/events-migrate.command';
import { EventsCommand } from './commands/events.command';
import { ImportCommand, ImportTemplateCommand } from './commands/import.command';
import { ProjectionsCommand, ProjectionsRebuildCommand, ProjectionsVerifyCommand } from './commands/projections.command';
import { TokenCommand } from './commands/token.command';
import { ConfiguredStore } from './configured-store';

/** Help and usage lines name the way the CLI is started, not the entry file. */
@Injectable()
class ProgramName implements OnModuleInit {
  constructor(@InjectCommander() private readonly program: { name(name: string): unknown }) {}

  onModuleInit(): void {
    this.program.name('npm run cli --');
  }
}

/**
 * Stands in for the workflow's history importer until it is registered here (replace this provider with it): the
 * import command reads and checks the file, then stops at the call with this message; every other command starts.
 */
const importerNotRegistered: HistoryImporter = {
  run: () => Promise.reject(Object.assign(new Error('the history importer is not registered in this build: nothing was written'), { code: 'IMPORT.NOT_AVAILABLE' })),
};

/**
 * Operator commands, one file each under commands/; a group (`events`, later `projections`, `audit`, `dossier`) is a
 * command listing its subcommands. Commands open the installation's store through ConfiguredStore, never on their own.
 */
@Module({
  providers: [
    ProgramName,
    ConfiguredStore,
    EventsCommand,
    EventsMigrateCommand,
    TokenCommand,
    ProjectionsCommand,
    ProjectionsRebuildCommand,
    ProjectionsVerifyCommand,
    AuditCommand,
    AuditVerifyCommand,
    DossierCommand,
    DossierReplayCommand,
    DossierExportCommand,
    ImportCommand,
    ImportTemplateCommand,
    { provide: HISTORY_IMPORTER, useValue: importerNotRegistered },
  ],
})
export class CliModule {}
