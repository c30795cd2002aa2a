import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { isISO8601, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateBy, ValidateIf } from 'class-validator';
import { MAP_VERSIONS, type MapVersion } from '@app/domain';
import { CommandBaseDto } from '../dossiers/dossier.dto';

/** A real calendar instant: ISO 8601 with a real date (no 30 February, no week or ordinal dates), within years 1-9999. */
function isInstant(v: unknown): v is string {
  if (typeof v !== 'string' || !isISO8601(v, { strict: true, strictSeparator: true })) return false;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/**
 * An optional instant query parameter: refused with 400 unless it is a real ISO 8601 instant, and handed on in one
 * canonical form (UTC, milliseconds) so that the database and the application read it the same way; a time without a
 * zone is the server's local time, as JavaScript reads it.
 */
function InstantParam(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }: { value: unknown }) => (isInstant(value) ? new Date(value).toISOString() : value))(target, key);
    ValidateBy({ name: 'isInstant', validator: { validate: isInstant, defaultMessage: () => `${String(key)} must be an ISO 8601 date or instant that exists (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm])` } })(target, key);
  };
}

export class PageDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class DossierListDto extends PageDto {
  @ApiPropertyOptional({ description: 'Province, district or commune code' }) @IsOptional() @Matches(/^\d{2}(\d{3})?$|^\d{3}$/) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised', 'recognised', 'revocation_proposed', 'rejected', 'revoked', 'renewed', 'withdrawn']) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['standard', 'advanced', 'model', 'modern', 'task-completed']) level?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['2010-2015', '2016-2020', '2021-2025', '2026-2030']) period?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['last_changed_at', 'registered_at', 'commune_code', 'status']) sort?: 'last_changed_at' | 'registered_at' | 'commune_code' | 'status';
  @ApiPropertyOptional() @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class AuditQueryDto extends PageDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() dossierId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{2}(\d{3})?$|^\d{3}$/) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) actorId?: string;
  @ApiPropertyOptional({ description: 'ISO instant, inclusive' }) @IsOptional() @InstantParam() from?: string;
  @ApiPropertyOptional({ description: 'ISO instant, exclusive' }) @IsOptional() @InstantParam() to?: string;
}

export class AsOfDto {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD: as it stood at the end of that day (Vietnam time); default today' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) asOf?: string;
}

export class StatisticsDto extends AsOfDto {
  @ApiPropertyOptional({ description: 'Count communes with fewer criteria met than this (default: the floor of the year\'s or the period\'s plan)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) below?: number;
}

export class StatisticsExportDto extends StatisticsDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' }) @IsOptional() @IsIn(['csv', 'xlsx']) format: 'csv' | 'xlsx' = 'xlsx';
  @ApiPropertyOptional({ enum: ['summary', 'communes'], default: 'summary', description: 'The statistics table, or the list of communes with their standing' })
  @IsOptional() @IsIn(['summary', 'communes']) table: 'summary' | 'communes' = 'summary';
}

export class RegulationsQueryDto {
  @ApiPropertyOptional({ description: 'Settings as in force for this province (2 digits): its own packs and overrides' })
  @IsOptional() @Matches(/^\d{2}$/) province?: string;
}

export class StateAtDto {
  @ApiPropertyOptional({ description: 'ISO instant: the dossier as it stood then' }) @IsOptional() @InstantParam() at?: string;
  @ApiPropertyOptional({ description: 'Stream revision: the dossier right after that event' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) revision?: number;
}

export class PlanDto extends CommandBaseDto {
  @ApiProperty({ description: 'Province (2 digits) or, before July 2025, district (3 digits) code', example: '24' }) @Matches(/^\d{2,3}$/) unitCode!: string;
  @ApiPropertyOptional({ description: 'A year plan: give the year (or the period, not both)', example: 2026 }) @ValidateIf((p: PlanDto) => p.period === undefined)
  @Type(() => Number) @IsInt() @Min(2010) @Max(2100) year?: number;
  @ApiPropertyOptional({ description: 'A whole-period plan: targets for the end of the programme period' }) @IsOptional()
  @IsIn(['2010-2015', '2016-2020', '2021-2025', '2026-2030']) period?: '2010-2015' | '2016-2020' | '2021-2025' | '2026-2030';
  @ApiPropertyOptional({ enum: MAP_VERSIONS, description: 'The map the unit code is on; default: the map in force today. A district, or a province as it was before July 2025, is on 2025-03' })
  @IsOptional() @IsIn(MAP_VERSIONS) unitMap?: MapVersion;
  @ApiPropertyOptional({ enum: ['cumulative', 'additions'], description: 'Year plans: communes recognised by the year end (default) or newly recognised that year' })
  @IsOptional() @IsIn(['cumulative', 'additions']) targetsAre?: 'cumulative' | 'additions';
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) standard?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100) standardPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) advanced?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100) advancedPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) model?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) modelPercent?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(60) averageCriteria?: number;
  @ApiPropertyOptional({ description: 'No commune below this many criteria' }) @IsOptional() @IsInt() @Min(1) @Max(60) floorCriteria?: number;
}
