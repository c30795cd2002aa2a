import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { LATEST_MAP, MAP_VERSIONS, unitRegistry, type MapVersion } from '@app/domain';
import { ProblemException, Public } from '@app/platform';

function mapOf(value: string | undefined): MapVersion {
  if (value === undefined) return LATEST_MAP;
  if ((MAP_VERSIONS as readonly string[]).includes(value)) return value as MapVersion;
  throw new ProblemException(400, 'REQUEST.INVALID', `map must be one of ${MAP_VERSIONS.join(', ')}`, { errors: [{ field: 'map', rules: [`one of ${MAP_VERSIONS.join(', ')}`] }] });
}

/**
 * The administrative maps: public reference data, which the sign-in page needs before any token. The console names
 * the units of past reports and imported files on the map of their date (March 2025: provinces, districts, communes).
 */
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
  @ApiQuery({ name: 'map', required: false, enum: MAP_VERSIONS, description: 'Default 2025-07; a district (3 digits) exists on 2025-03 only' })
  @ApiOperation({
    summary: 'A province with its communes and wards (and, on the July 2025 map, the March 2025 provinces it was made of), a district with its communes, or one commune',
  })
  unit(@Param('code') code: string, @Query('map') mapParam?: string) {
    const map = mapOf(mapParam);
    if (/^\d{5}$/.test(code)) {
      const c = unitRegistry.findCommune(code, map);
      if (!c) throw new ProblemException(404, 'UNIT.NOT_FOUND', `no commune ${code} in the ${map} map`);
      return { code: c.code, name: c.name, kind: c.kind, map, provinceCode: c.provinceCode, provinceName: c.provinceName, districtCode: c.districtCode ?? null, districtName: c.districtName ?? null };
    }
    if (/^\d{3}$/.test(code) && map === '2025-03') {
      const d = unitRegistry.findDistrict(code);
      if (!d) throw new ProblemException(404, 'UNIT.NOT_FOUND', `no district ${code} in the 2025-03 map`);
      const communes = unitRegistry.communesOf(code, map).map((c) => ({ code: c.code, name: c.name, kind: c.kind }));
      return { code: d.code, name: d.name, kind: d.kind, map, provinceCode: d.provinceCode, provinceName: d.provinceName, communes };
    }
    const p = /^\d{2}$/.test(code) ? unitRegistry.findProvince(code, map) : undefined;
    if (!p) throw new ProblemException(404, 'UNIT.NOT_FOUND', `no province${map === '2025-03' ? ', district' : ''} or commune ${code} in the ${map} map`);
    const communes = unitRegistry.communesOf(code, map).map((c) => ({ code: c.code, name: c.name, kind: c.kind }));
    const predecessors = (p.predecessors ?? []).map((c) => ({ code: c, name: unitRegistry.findProvince(c, '2025-03')?.name ?? c }));
    const districts = map === '2025-03' ? unitRegistry.districtsOf(code).map((d) => ({ code: d.code, name: d.name, kind: d.kind })) : [];
    return { code: p.code, name: p.name, kind: p.kind, map, predecessors, districts, communes };
  }
}
