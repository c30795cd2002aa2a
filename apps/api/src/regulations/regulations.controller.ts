import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MERGER_POLICIES, allPacks, packForDate, requalificationTargetFor, vietnamDate } from '@app/domain';
import { CLOCK, RegulationOverrides, type Clock } from '@app/workflow';
import { RegulationsQueryDto } from '../read/read.dto';

/**
 * The regulations as data: every pack ever published (national and provinces' own), its criteria sets with names in
 * both languages, its levels, revocation rule and settings as this deployment has them, and what is in force today.
 */
@ApiTags('regulations')
@ApiBearerAuth()
@Controller('regulations')
export class RegulationsController {
  constructor(
    private readonly overrides: RegulationOverrides,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Regulation packs, criteria sets (code, Vietnamese and English names), levels, revocation rules, settings in force; ?province= for one province' })
  list(@Query() q: RegulationsQueryDto) {
    const today = vietnamDate(this.clock.now());
    const province = q.province;
    const settingsOf = this.overrides.settingsOf(province);
    const packs = allPacks().filter((p) => !p.province || p.province.code === province || province === undefined);
    return {
      today,
      province: province ?? null,
      inForce: packForDate(today, { province, settingsOf }).id,
      mergerPolicy: province ? this.overrides.mergerPolicy(province) : this.overrides.describe().defaultMergerPolicy,
      mergerPolicies: MERGER_POLICIES,
      configured: this.overrides.describe(),
      packs: packs.map((p) => ({
        id: p.id,
        version: p.version,
        period: p.period,
        validFrom: p.validFrom,
        validTo: p.validTo,
        title: p.title,
        legalBasis: p.legalBasis,
        province: p.province ?? null,
        settings: settingsOf(p),
        requalification: requalificationTargetFor(p, settingsOf),
        levels: p.levels.map((l) => ({ level: l.level, unitKind: l.unitKind, criteriaSet: l.criteriaSetCode, requires: l.requires, conditions: l.conditions, ...(l.communePrerequisites ? { communePrerequisites: l.communePrerequisites } : {}) })),
        revocation: p.revocation,
        criteriaSets: p.criteriaSets.map((s) => ({
          code: s.code,
          unitKind: s.unitKind,
          level: s.level,
          legalBasis: s.legalBasis,
          provisional: s.provisional ?? false,
          criteria: s.criteria.map((c) => ({ code: c.code, number: c.number, nameVi: c.nameVi, nameEn: c.nameEn, group: c.group ?? null, indicators: c.indicators })),
        })),
      })),
    };
  }
}
