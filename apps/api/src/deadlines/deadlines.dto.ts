import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { DEADLINE_KINDS, MAP_VERSIONS, ROLES, type DeadlineKind, type MapVersion, type PersonRole } from '@app/domain';
import { PageDto } from '../read/read.dto';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class DeadlineBoardDto extends PageDto {
  @ApiPropertyOptional({ description: 'Province, district or commune code' }) @IsOptional() @Matches(/^\d{2}(\d{3})?$|^\d{3}$/) unit?: string;
  @ApiPropertyOptional({ description: 'Due within this many days, e.g. 30d; overdue ones are always within. Omitted: any date.' })
  @IsOptional() @Matches(/^\d{1,4}d$/) within?: string;
  @ApiPropertyOptional({ description: 'true: only passed deadlines; false: only those still ahead' }) @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: DEADLINE_KINDS }) @IsOptional() @IsIn(DEADLINE_KINDS) kind?: DeadlineKind;
  @ApiPropertyOptional({ enum: ROLES, description: 'Only the deadlines this role must act on' }) @IsOptional() @IsIn(ROLES) role?: PersonRole;
  @ApiPropertyOptional({ description: 'true: only dossiers flagged revocation due' }) @IsOptional() @Transform(toBoolean) @IsBoolean() revocationDue?: boolean;
}

export class NextDeadlineDto {
  @ApiPropertyOptional({
    enum: MAP_VERSIONS,
    description: 'The map the code is on. Default: the commune the code names today, or on 2025-03 where no commune has it now. A code reused on the July 2025 map names another commune there: give 2025-03 for the older one.',
  })
  @IsOptional() @IsIn(MAP_VERSIONS) map?: MapVersion;
}
