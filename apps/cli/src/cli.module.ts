import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { HISTORY_IMPORTER, type HistoryImporter, type ImportOptions, type ParsedImport } from '@app/import';
import { HistoryImport, Jurisdiction, RegulationOverrides } from '@app/workflow';
import { AuditCommand, AuditSealCommand, AuditVerifyCommand } from './commands/audit.command';
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
 * The workflow's history importer over the installation's store: the same planner and writer as POST /imports, with
 * the deployment's regulation settings and provinces' packs.
 */
@Injectable()
class ConfiguredHistoryImporter implements HistoryImporter {
  constructor(private readonly stores: ConfiguredStore) {}

  run(parsed: ParsedImport, options: ImportOptions) {
    return this.stores.use(({ store, config }) => new HistoryImport(store, new Jurisdiction(), new RegulationOverrides(config)).run(parsed, options));
  }
}

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
    AuditSealCommand,
    DossierCommand,
    DossierReplayCommand,
    DossierExportCommand,
    ImportCommand,
    ImportTemplateCommand,
    { provide: HISTORY_IMPORTER, useClass: ConfiguredHistoryImporter },
  ],
})
export class CliModule {}
