import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { CommandBaseDto } from '../dossiers/dossier.dto';

export class PageDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class DossierListDto extends PageDto {
  @ApiPropertyOptional({ description: 'Province, district or commune code' }) @IsOptional() @Matches(/^\d{2}(\d{3})?$|^\d{3}$/) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['drafting', 'under_verification', 'verified', 'under_appraisal', 'awaiting_supplement', 'appraised', 'recognised', 'revocation_proposed', 'rejected', 'revoked', 'withdrawn']) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['standard', 'advanced', 'model', 'modern']) level?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['2016-2020', '2021-2025', '2026-2030']) period?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['last_changed_at', 'registered_at', 'commune_code', 'status']) sort?: 'last_changed_at' | 'registered_at' | 'commune_code' | 'status';
  @ApiPropertyOptional() @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class AuditQueryDto extends PageDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() dossierId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{2}(\d{3})?$|^\d{3}$/) unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) actorId?: string;
  @ApiPropertyOptional({ description: 'ISO instant, inclusive' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'ISO instant, exclusive' }) @IsOptional() @IsISO8601() to?: string;
}

export class AsOfDto {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD: as it stood at the end of that day (Vietnam time); default today' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) asOf?: string;
}

export class StatisticsDto extends AsOfDto {
  @ApiPropertyOptional({ description: 'Also count communes with fewer criteria met than this' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) below?: number;
}

export class StateAtDto {
  @ApiPropertyOptional({ description: 'ISO instant: the dossier as it stood then' }) @IsOptional() @IsISO8601() at?: string;
  @ApiPropertyOptional({ description: 'Stream revision: the dossier right after that event' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) revision?: number;
}

export class PlanDto extends CommandBaseDto {
  @ApiProperty({ example: '24' }) @Matches(/^\d{2}(\d{3})?$/) unitCode!: string;
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2010) @Max(2100) year!: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) standard?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) advanced?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) model?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(60) averageCriteria?: number;
}
