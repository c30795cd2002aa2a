import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MERGER_POLICIES,
  allPacks,
  deriveProvincialPack,
  registerProvincialPacks,
  unitRegistry,
  withSettings,
  type DeepPartial,
  type MapVersion,
  type MergerPolicy,
  type PackSettings,
  type ProvincialPackSpec,
  type RegulationPack,
  type SettingsOf,
} from '@app/domain';
import { APP_CONFIG, type AppConfig } from '@app/platform';

type PackOverrides = Record<string, DeepPartial<PackSettings>>;

/** One province's answers: its merger policy and its settings per pack. */
interface ProvinceOverrides {
  mergerPolicy?: MergerPolicy;
  packs?: PackOverrides;
}

/**
 * REGULATION_OVERRIDES as written: pack ids at the top level set the deployment's settings for every province;
 * `mergerPolicy` the deployment's default policy; `provinces` one province's own (its policy, its settings per pack,
 * applied over the deployment's).
 */
interface OverridesFile {
  mergerPolicy?: MergerPolicy;
  provinces?: Record<string, ProvinceOverrides>;
  [packId: string]: unknown;
}

/** The July 2025 merger is counted by guidance 267/BNN-VPĐP unless a deployment or province chooses otherwise. */
const DEFAULT_MERGER_POLICY: MergerPolicy = 'guidance-267';

/**
 * The deployment's answers to what the law leaves open (REGULATION_OVERRIDES) and provinces' own packs
 * (REGULATION_PROVINCIAL_PACKS). Checked once at start-up, so a bad value stops the service instead of refusing
 * registrations later.
 */
@Injectable()
export class RegulationOverrides implements OnModuleInit {
  private readonly byPack: PackOverrides = {};
  private readonly provinces: Record<string, ProvinceOverrides>;
  private readonly defaultPolicy: MergerPolicy;
  private readonly provincialSpecs: ProvincialPackSpec[];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const file = (config.REGULATION_OVERRIDES ? JSON.parse(config.REGULATION_OVERRIDES) : {}) as OverridesFile;
    const { mergerPolicy, provinces, ...packs } = file;
    this.byPack = packs as PackOverrides;
    this.provinces = provinces ?? {};
    this.defaultPolicy = mergerPolicy ?? DEFAULT_MERGER_POLICY;
    this.provincialSpecs = config.REGULATION_PROVINCIAL_PACKS ? readSpecs(config.REGULATION_PROVINCIAL_PACKS) : [];
  }

  /**
   * Provinces are configured by today's codes; a province of the March 2025 map answers through the province it went
   * into (provinces merged whole), so a 2019 dossier of old Bắc Giang (24) follows what new Bắc Ninh (24) configures.
   */
  provinceToday(code: string, map: MapVersion = '2025-07'): string {
    if (map === '2025-07') return code;
    return unitRegistry.provinces('2025-07').find((p) => p.predecessors?.includes(code))?.code ?? code;
  }

  /** The settings a dossier under `pack` in `province` (today's code) is judged by: pinned at registration. */
  settingsFor(pack: RegulationPack, province?: string): PackSettings {
    let settings = pack;
    const deployment = this.byPack[pack.id] ?? (pack.province ? this.byPack[pack.province.basePackId] : undefined);
    if (deployment) settings = withSettings(settings, deployment);
    const own = province ? this.provinces[province]?.packs : undefined;
    const provincial = own?.[pack.id] ?? (pack.province ? own?.[pack.province.basePackId] : undefined);
    if (provincial) settings = withSettings(settings, provincial);
    return settings.settings;
  }

  /** settingsFor as the pure rules take it, for one province (a code of `map`). */
  settingsOf(province?: string, map: MapVersion = '2025-07'): SettingsOf {
    const today = province === undefined ? undefined : this.provinceToday(province, map);
    return (pack) => this.settingsFor(pack, today);
  }

  mergerPolicy(province: string, map: MapVersion = '2025-07'): MergerPolicy {
    return this.provinces[this.provinceToday(province, map)]?.mergerPolicy ?? this.defaultPolicy;
  }

  /** Everything configured, for GET /regulations. */
  describe(): { defaultMergerPolicy: MergerPolicy; provinces: Record<string, { mergerPolicy: MergerPolicy; packs: string[] }> } {
    return {
      defaultMergerPolicy: this.defaultPolicy,
      provinces: Object.fromEntries(
        Object.keys(this.provinces).map((code) => [code, { mergerPolicy: this.mergerPolicy(code), packs: Object.keys(this.provinces[code]?.packs ?? {}) }]),
      ),
    };
  }

  onModuleInit(): void {
    // Provinces' packs first: settings may name them.
    registerProvincialPacks(this.provincialSpecs.map(deriveProvincialPack));
    // Fails start-up with the setting's name (InvalidPackSettingsError) when an override is out of range.
    const check = (where: string, packs: PackOverrides, province?: string) => {
      for (const id of Object.keys(packs)) {
        const pack = allPacks().find((p) => p.id === id);
        if (!pack) throw new Error(`REGULATION_OVERRIDES${where} names an unknown pack: ${id}`);
        this.settingsFor(pack, province);
      }
    };
    check('', this.byPack);
    if (!MERGER_POLICIES.includes(this.defaultPolicy)) throw new Error(`REGULATION_OVERRIDES mergerPolicy must be one of ${MERGER_POLICIES.join(', ')}`);
    for (const [code, own] of Object.entries(this.provinces)) {
      if (!/^\d{2}$/.test(code)) throw new Error(`REGULATION_OVERRIDES provinces: "${code}" is not a 2-digit province code`);
      if (own.mergerPolicy !== undefined && !MERGER_POLICIES.includes(own.mergerPolicy)) {
        throw new Error(`REGULATION_OVERRIDES provinces.${code}.mergerPolicy must be one of ${MERGER_POLICIES.join(', ')}`);
      }
      check(` provinces.${code}.packs`, own.packs ?? {}, code);
    }
  }
}

/** A JSON array of provincial pack specs, inline or in a file. */
function readSpecs(value: string): ProvincialPackSpec[] {
  const text = value.trim().startsWith('[') ? value : readFileSync(value, 'utf8');
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('REGULATION_PROVINCIAL_PACKS must be a JSON array of provincial packs (or a file holding one)');
  return parsed as ProvincialPackSpec[];
}
