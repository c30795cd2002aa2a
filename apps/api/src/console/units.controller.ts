import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { unitRegistry } from '@app/domain';
import { ProblemException, Public } from '@app/platform';

/** The administrative map in force (July 2025): public reference data, which the sign-in page needs before any token. */
@ApiTags('units')
@Public()
@Controller('units')
export class UnitsController {
  @Get()
  @ApiOperation({ summary: 'Provinces of the July 2025 map' })
  provinces() {
    return unitRegistry.provinces('2025-07').map((p) => ({ code: p.code, name: p.name }));
  }

  @Get(':code')
  @ApiOperation({ summary: 'A province with its communes and wards, or one commune' })
  unit(@Param('code') code: string) {
    if (/^\d{5}$/.test(code)) {
      const c = unitRegistry.findCommune(code);
      if (!c) throw new ProblemException(404, 'UNIT.NOT_FOUND', `no commune ${code} in the July 2025 map`);
      return { code: c.code, name: c.name, kind: c.kind, provinceCode: c.provinceCode, provinceName: c.provinceName };
    }
    const p = /^\d{2}$/.test(code) ? unitRegistry.findProvince(code) : undefined;
    if (!p) throw new ProblemException(404, 'UNIT.NOT_FOUND', `no province or commune ${code} in the July 2025 map`);
    const communes = unitRegistry.communesOf(code, '2025-07').map((c) => ({ code: c.code, name: c.name, kind: c.kind }));
    return { code: p.code, name: p.name, kind: p.kind, communes };
  }
}
