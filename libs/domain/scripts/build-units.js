#!/usr/bin/env node
/*
 * Regenerates libs/domain/src/units/data/ from the full administrative-unit files, so that the product runs without
 * them. Usage: node libs/domain/scripts/build-units.js [sourceDir]   (default: shared/data beside the repository)
 *
 * Output encoding (each file repeats it in its "format" field; units/unit-data.ts parses it):
 *   a unit is one string: code + kind letter + name without its kind word, e.g. "00001PPhúc Xá" = Phường Phúc Xá.
 *   Codes have a fixed width per level (province 2, district 3, commune 5 digits), so the string splits unambiguously.
 *   Predecessor lists are space-separated 2025-03 codes; a leading "~" marks a partial predecessor (the old unit was
 *   split). A 3-digit predecessor is a district that had no communes (five island districts became special zones).
 * Dropping the kind word saves a fifth of the size; rebuilding it from one spelling also repairs the source's few
 * mis-capitalised prefixes ("Thị Trấn"). Whitespace is collapsed and text NFC-normalised, because the source has
 * doubled and trailing spaces inside names that would otherwise defeat name search.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const sourceDir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../../../shared/data'));
const outDir = path.join(__dirname, '../src/units/data');
const LICENSE_FILE = 'LICENSE-admin-units-2025-07.txt';

const KIND_LETTERS = {
  province: { 'Thành phố Trung ương': 'M', 'Tỉnh': 'T' },
  district: { 'Quận': 'Q', 'Huyện': 'H', 'Thị xã': 'X', 'Thành phố': 'C' },
  commune: { 'Xã': 'X', 'Phường': 'P', 'Thị trấn': 'T', 'Đặc khu': 'D' },
};
// A centrally-run city is named "Thành phố Hà Nội", not "Thành phố Trung ương Hà Nội".
const NAME_PREFIX = { 'Thành phố Trung ương': 'Thành phố' };
const CODE_WIDTH = { province: 2, district: 3, commune: 5 };

function fail(message) {
  throw new Error(`build-units: ${message}`);
}

function clean(text) {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function typeFromName(level, name) {
  const lower = name.toLocaleLowerCase('vi');
  const type = Object.keys(KIND_LETTERS[level]).find((t) =>
    lower.startsWith((NAME_PREFIX[t] ?? t).toLocaleLowerCase('vi') + ' '),
  );
  if (!type) fail(`cannot tell the kind of ${level} "${name}"`);
  return type;
}

// The kind comes from the name. Where the source's type field disagrees (two Phú Nhuận wards typed "Xã") the name
// wins: it is what the unit is called, and an urban district (quận) has only wards. The 2025-07 file has no type.
function encode(level, unit, declaredType) {
  if (!new RegExp(`^\\d{${CODE_WIDTH[level]}}$`).test(unit.code)) fail(`bad ${level} code "${unit.code}"`);
  const name = clean(unit.name);
  const type = typeFromName(level, name);
  if (declaredType !== undefined && type !== declaredType) {
    console.warn(`build-units: ${level} ${unit.code} "${name}" is typed "${declaredType}"; using "${type}"`);
  }
  return unit.code + KIND_LETTERS[level][type] + name.slice((NAME_PREFIX[type] ?? type).length + 1);
}

function predecessorList(predecessors, owner) {
  if (!Array.isArray(predecessors) || predecessors.length === 0) fail(`${owner} has no predecessors`);
  return predecessors
    .map((p) => {
      if (p.type !== 'full' && p.type !== 'partial') fail(`${owner}: predecessor ${p.code} has type "${p.type}"`);
      return (p.type === 'partial' ? '~' : '') + p.code;
    })
    .join(' ');
}

function build03(source) {
  return {
    source: source.source,
    asOf: source.asOf,
    format:
      'provinces: [[province, [[district, [commune...]]...]]...]; ' +
      'unit = code + kind letter + name after the kind word',
    kinds: KIND_LETTERS,
    provinces: source.provinces.map((p) => [
      encode('province', p, p.type),
      p.districts.map((d) => [encode('district', d, d.type), d.communes.map((c) => encode('commune', c, c.type))]),
    ]),
  };
}

function build07(source) {
  return {
    source: source.source,
    asOf: source.asOf,
    licence: `MIT, see ${LICENSE_FILE}`,
    format:
      'provinces: [[province, "predecessor province codes", [[commune, "predecessor codes"]...]]...]; ' +
      'unit = code + kind letter + name after the kind word; "~" marks a partial predecessor',
    kinds: { province: KIND_LETTERS.province, commune: KIND_LETTERS.commune },
    provinces: source.provinces.map((p) => [
      encode('province', p),
      predecessorList(p.predecessors, `province ${p.code}`),
      p.communes.map((c) => [encode('commune', c), predecessorList(c.predecessors, `commune ${c.code}`)]),
    ]),
  };
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(path.join(sourceDir, file), 'utf8'));
}

function write(file, data) {
  const text = JSON.stringify(data) + '\n';
  fs.writeFileSync(path.join(outDir, file), text);
  console.log(`${file}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
}

fs.mkdirSync(outDir, { recursive: true });
write('units-2025-03.json', build03(readJson('admin-units-2025-03.json')));
write('units-2025-07.json', build07(readJson('admin-units-2025-07.json')));
// Written rather than copied: a copy keeps the source's read-only mode and blocks the next run.
fs.writeFileSync(path.join(outDir, LICENSE_FILE), fs.readFileSync(path.join(sourceDir, LICENSE_FILE)));
