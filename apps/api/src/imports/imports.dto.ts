import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IMPORT_KINDS, type ImportKind, type TemplateFormat } from '@app/import';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'true: check every row and report what would be written, write nothing (no Idempotency-Key needed)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean() dryRun?: boolean;

  @ApiPropertyOptional({ description: 'true: write the valid rows and list the invalid ones; default: any invalid row writes nothing' })
  @IsOptional() @Transform(toBoolean) @IsBoolean() skipInvalid?: boolean;

  @ApiPropertyOptional({ enum: IMPORT_KINDS, description: 'What a CSV holds; default: the kind its header fits. XLSX sheets say their kind by name.' })
  @IsOptional() @IsIn(IMPORT_KINDS) kind?: ImportKind;

  @ApiPropertyOptional({ description: 'Why, recorded in every event; default "history import from <file>"' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) reason?: string;
}

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional() @IsIn(['xlsx', 'csv']) format?: TemplateFormat;
}
