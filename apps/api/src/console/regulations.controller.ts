import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { allPacks } from '@app/domain';
import { ProblemException } from '@app/platform';

/** One regulation pack, as a dossier pins it: the console shows a dossier's criteria, indicators and settings from it. */
@ApiTags('regulations')
@ApiBearerAuth()
@Controller('regulations')
export class RegulationPackController {
  @Get(':packId')
  @ApiQuery({ name: 'version', required: false, description: 'Default: the latest version of the pack' })
  @ApiOperation({ summary: 'A regulation pack: criteria sets with indicators, levels, settings' })
  pack(@Param('packId') packId: string, @Query('version') version?: string) {
    const versions = allPacks().filter((p) => p.id === packId);
    const pack = version ? versions.find((p) => p.version === version) : versions[versions.length - 1];
    if (!pack) throw new ProblemException(404, 'REGULATION.NOT_FOUND', `no regulation pack ${packId}${version ? ` version ${version}` : ''}`);
    return pack;
  }
}
