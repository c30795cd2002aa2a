import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

const LEVELS = ['standard', 'advanced', 'model', 'modern', 'task-completed'] as const;
const DOCUMENT_KINDS = ['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes', 'verification-report', 'other'] as const;
const VOTES = ['approve', 'reject', 'abstain'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CRITERION = /^[A-Z]\d{2}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object of at most `maxKeys` short keys whose values are numbers, strings or booleans (criterion indicators). */
function IsFlatRecord(maxKeys: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isFlatRecord',
      validator: {
        validate: (v: unknown) =>
          isPlainObject(v) &&
          Object.keys(v).length <= maxKeys &&
          Object.entries(v).every(([k, x]) => k.length <= 100 && (typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && x.length <= 500))),
        defaultMessage: () => `$property must be an object of at most ${maxKeys} numbers, strings (500 characters) or booleans`,
      },
    },
    options,
  );
}

/** An object mapping criterion codes to lists of evidence references. */
function IsEvidenceByCriterion(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isEvidenceByCriterion',
      validator: {
        validate: (v: unknown) =>
          isPlainObject(v) &&
          Object.keys(v).length <= 60 &&
          Object.entries(v).every(([k, refs]) => CRITERION.test(k) && Array.isArray(refs) && refs.length <= 100 && refs.every((r) => typeof r === 'string' && r.length >= 1 && r.length <= 500)),
        defaultMessage: () => '$property must map criterion codes (C01) to at most 100 evidence references each',
      },
    },
    options,
  );
}

/** Every command may say why; some require it (withdrawal, changed vote). Auditors read it years later. */
export class CommandBaseDto {
  @ApiPropertyOptional({ description: 'Why this is done; recorded in every event the command produces', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

export class RegisterDossierDto extends CommandBaseDto {
  @ApiPropertyOptional({ example: '07198', description: 'Five-digit commune code in the map in force today (or give districtCode)' })
  @ValidateIf((d: RegisterDossierDto) => d.districtCode === undefined)
  @Matches(/^\d{5}$/, { message: 'communeCode must be five digits' })
  communeCode?: string;

  @ApiPropertyOptional({ example: '213', description: 'Three-digit district code, for a district dossier (only while districts existed, before 1 July 2025)' })
  @ValidateIf((d: RegisterDossierDto) => d.communeCode === undefined || d.districtCode !== undefined)
  @Matches(/^\d{3}$/, { message: 'districtCode must be three digits' })
  districtCode?: string;

  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level!: (typeof LEVELS)[number];

  @ApiProperty({ example: 2027, description: 'The year the commune commits to reach the level' })
  @IsInt() @Min(2010) @Max(2100)
  targetYear!: number;
}

export class CriterionResultDto {
  @ApiProperty({ example: 'C01' }) @Matches(CRITERION, { message: 'code must look like C01' })
  code!: string;

  @ApiProperty() @IsBoolean()
  met!: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] } })
  @IsOptional() @IsFlatRecord(100)
  indicators?: Record<string, number | string | boolean>;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) @Length(1, 500, { each: true }) @ArrayMaxSize(100)
  evidence?: string[];
}

export class RecordCriterionResultsDto extends CommandBaseDto {
  @ApiProperty({ type: [CriterionResultDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => CriterionResultDto)
  results!: CriterionResultDto[];
}

export class DateRangeDto {
  @ApiProperty({ example: '2026-05-01' }) @Matches(DATE) from!: string;
  @ApiProperty({ example: '2026-05-15' }) @Matches(DATE) to!: string;
}

export class AnnouncementDto {
  @ApiProperty() @Matches(DATE) postedOn!: string;
  @ApiProperty() @IsString() @Length(1, 200) place!: string;
}

export class WrittenCommentDto {
  @ApiProperty() @IsString() @Length(1, 200) from!: string;
  @ApiProperty() @Matches(DATE) receivedOn!: string;
  @ApiProperty() @IsString() @Length(1, 4000) summary!: string;
}

export class SatisfactionSurveyDto {
  @ApiProperty() @IsInt() @Min(1) surveyed!: number;
  @ApiProperty() @IsInt() @Min(0) satisfied!: number;
}

export class RecordPublicConsultationDto extends CommandBaseDto {
  @ApiProperty() @ValidateNested() @Type(() => DateRangeDto) period!: DateRangeDto;
  @ApiProperty({ type: [AnnouncementDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => AnnouncementDto)
  announcements!: AnnouncementDto[];
  @ApiProperty({ type: [WrittenCommentDto] }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => WrittenCommentDto)
  writtenComments!: WrittenCommentDto[];
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => SatisfactionSurveyDto)
  satisfactionSurvey?: SatisfactionSurveyDto;
}

export class DeclareRecognitionConditionsDto extends CommandBaseDto {
  @ApiProperty() @IsBoolean() hasConstructionDebt!: boolean;
  @ApiProperty() @IsBoolean() isComplexSecurityArea!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() registeredInPlan?: boolean;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) @Length(1, 500, { each: true }) @ArrayMaxSize(100) evidence?: string[];
  @ApiPropertyOptional({ description: 'District dossiers: the lowest satisfaction rate among its communes, percent' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) lowestCommuneSatisfactionPercent?: number;
}

export class DossierDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS }) @IsIn(DOCUMENT_KINDS) kind!: (typeof DOCUMENT_KINDS)[number];
  @ApiProperty({ description: 'Reference to the stored file' }) @IsString() @Length(1, 500) ref!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) title?: string;
}

export class DocumentsDto extends CommandBaseDto {
  @ApiProperty({ type: [DossierDocumentDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => DossierDocumentDto)
  documents!: DossierDocumentDto[];
}

export class OptionalDocumentsDto extends CommandBaseDto {
  @ApiPropertyOptional({ type: [DossierDocumentDto] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => DossierDocumentDto)
  documents?: DossierDocumentDto[];
}

export class VerifyDossierDto extends CommandBaseDto {
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) @MaxLength(4000, { each: true }) @ArrayMaxSize(200) findings!: string[];
}

export class ReasonsDto extends CommandBaseDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @IsString({ each: true }) @MaxLength(4000, { each: true }) @ArrayMaxSize(200) reasons!: string[];
}

export class SupplementItemDto {
  @ApiProperty({ enum: ['document', 'criterion-evidence', 'other'] }) @IsIn(['document', 'criterion-evidence', 'other']) kind!: 'document' | 'criterion-evidence' | 'other';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) ref?: string;
  @ApiProperty() @IsString() @Length(1, 2000) description!: string;
}

export class RequestSupplementDto extends CommandBaseDto {
  @ApiProperty({ type: [SupplementItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => SupplementItemDto)
  items!: SupplementItemDto[];
}

export class ProvideSupplementDto extends DocumentsDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }) @IsOptional() @IsEvidenceByCriterion()
  criterionEvidence?: Record<string, string[]>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) note?: string;
}

export class ConveneCouncilDto extends CommandBaseDto {
  @ApiProperty({ description: 'User id of the chair (a provincial vice-chairperson)' }) @IsString() @Length(1, 200) chair!: string;
  @ApiProperty({ type: [String], description: 'User ids of the members, the chair included' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true })
  members!: string[];
}

export class CastVoteDto extends CommandBaseDto {
  @ApiProperty({ enum: VOTES }) @IsIn(VOTES) vote!: (typeof VOTES)[number];
  @ApiProperty() @IsString() @MaxLength(4000) comment!: string;
}

// The reason is required here, so it is declared afresh: CommandBaseDto's @IsOptional would skip every rule on it.
export class ChangeVoteDto extends OmitType(CastVoteDto, ['reason'] as const) {
  @ApiProperty({ description: 'Why the earlier vote is superseded', maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

export class SignerDto {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'Chủ tịch UBND tỉnh' }) @IsString() @Length(1, 200) title!: string;
}

export class DecisionDto extends CommandBaseDto {
  @ApiProperty({ example: '1234/QĐ-UBND' }) @IsString() @Length(1, 100) decisionNo!: string;
  @ApiProperty({ example: '2026-11-20' }) @Matches(DATE) decisionDate!: string;
  @ApiProperty() @ValidateNested() @Type(() => SignerDto) signer!: SignerDto;
}

export class WithdrawDto {
  @ApiProperty({ description: 'Why the commune withdraws', maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

export class MonitoringReviewDto extends CommandBaseDto {
  @ApiProperty() @IsInt() @Min(2010) @Max(2100) year!: number;
  @ApiProperty() @Matches(DATE) reviewedOn!: string;
  @ApiProperty({ type: [String], example: ['C10', 'C17'] }) @IsArray() @IsString({ each: true }) @Matches(CRITERION, { each: true }) @ArrayMaxSize(60) failingCriteria!: string[];
}

const GROUND_RULES = ['partial-with-key', 'majority', 'communes-lost', 'not-requalified'] as const;

/** The criteria rules cite failing criteria; a district's lost communes and a missed requalification deadline cite none. */
export class CitedGroundsDto {
  @ApiProperty({ enum: GROUND_RULES }) @IsIn(GROUND_RULES) rule!: (typeof GROUND_RULES)[number];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @Matches(CRITERION, { each: true })
  @ValidateIf((g: CitedGroundsDto) => g.rule === 'partial-with-key' || g.rule === 'majority') @ArrayMinSize(1)
  failingCriteria!: string[];
}

export class ProposeRevocationDto extends CommandBaseDto {
  @ApiProperty() @ValidateNested() @Type(() => CitedGroundsDto) grounds!: CitedGroundsDto;
  @ApiProperty() @IsString() @Length(1, 4000) explanation!: string;
}

export class DismissProposalDto {
  @ApiProperty({ description: 'Why the proposal is dismissed', maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

export class RevokeDto extends DecisionDto {
  @ApiProperty() @ValidateNested() @Type(() => CitedGroundsDto) grounds!: CitedGroundsDto;
}

export class EmptyCommandDto extends CommandBaseDto {}

export class CommuneAssessmentDto extends CommandBaseDto {
  @ApiProperty() @IsInt() @Min(2010) @Max(2100) year!: number;
  @ApiProperty() @Matches(DATE) assessedOn!: string;
  @ApiPropertyOptional({ enum: LEVELS }) @IsOptional() @IsIn(LEVELS) level?: (typeof LEVELS)[number];
  @ApiProperty({ type: [CriterionResultDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => CriterionResultDto)
  results!: CriterionResultDto[];
}

