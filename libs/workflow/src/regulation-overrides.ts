import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { allPacks, withSettings, type DeepPartial, type PackSettings, type RegulationPack } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '@app/platform';

/**
 * The deployment's answers to the settings the law leaves open (REGULATION_OVERRIDES). Checked once at start-up, so a
 * bad value stops the service instead of refusing registrations later.
 */
@Injectable()
export class RegulationOverrides implements OnModuleInit {
  private readonly byPack: Record<string, DeepPartial<PackSettings>>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byPack = config.REGULATION_OVERRIDES ? (JSON.parse(config.REGULATION_OVERRIDES) as Record<string, DeepPartial<PackSettings>>) : {};
  }

  /** The settings a dossier registered now under `pack` is judged by for its whole life. */
  settingsFor(pack: RegulationPack): PackSettings | undefined {
    const overrides = this.byPack[pack.id];
    return overrides ? withSettings(pack, overrides).settings : undefined;
  }

  onModuleInit(): void {
    // Fails start-up with the setting's name (InvalidPackSettingsError) when an override is out of range.
    for (const id of Object.keys(this.byPack)) {
      const pack = allPacks().find((p) => p.id === id);
      if (!pack) throw new Error(`REGULATION_OVERRIDES names an unknown pack: ${id}`);
      this.settingsFor(pack);
    }
  }
}
