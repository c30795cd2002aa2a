import { crc32, deflateRawSync } from 'node:zlib';
import type * as ExcelJS from 'exceljs';
import type { Workbook, Worksheet } from 'exceljs';

/** An XLSX made with exceljs, as a spreadsheet program would save it. */
export async function xlsx(build: (workbook: Workbook) => void): Promise<Buffer> {
  // Loaded here, not at the top: every suite that imports @app/testing would pay for exceljs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const workbook = new (require('exceljs') as typeof ExcelJS).Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Adds a sheet and its rows, a row per array (null for an empty row). */
export function sheet(workbook: Workbook, name: string, rows: (unknown[] | null)[]): Worksheet {
  const ws = workbook.addWorksheet(name);
  rows.forEach((cells, i) => {
    if (cells) ws.getRow(i + 1).values = cells as never;
  });
  return ws;
}

export const excelDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

export interface ZipPart {
  name: string;
  data: Buffer;
  /** The size the archive declares for the part, when it should lie. */
  declaredSize?: number;
}

/** A ZIP archive written byte by byte, so that a test can make one that lies about its parts' sizes. */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const compressed = deflateRawSync(part.data);
    const size = part.declaredSize ?? part.data.length;
    const crc = crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Bytes from a fixed seed: the same junk on every run. */
export function junk(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}
