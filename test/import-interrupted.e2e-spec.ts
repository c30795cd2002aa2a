import { randomUUID } from 'node:crypto';
import { unitRegistry } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { readImportFile, type ImportOptions } from '@app/import';
import { excelDate, sheet, xlsx } from '@app/testing';
import { dossierSlotStream, HistoryImport, Jurisdiction, RegulationOverrides } from '@app/workflow';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * An import writes stream by stream. One that stops part-way (the process killed, the database gone) leaves some
 * streams written and others not; importing the same file again must finish the job — including the parts of rows
 * whose own dossier was already written — and a third run must find nothing to write.
 */
describe('an import interrupted between streams, then run again', () => {
  const communes = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune').map((c) => c.code).sort();
  const [X, Y] = [communes[0]!, communes[1]!];
  let t: TestApp;
  let store: EventStore;
  let importer: (s: EventStore) => HistoryImport;
  const options = (): ImportOptions => ({
    dryRun: false,
    skipInvalid: false,
    actor: { id: 'office-24', role: 'coordination_office', unit: '24' },
    reason: 'lịch sử tỉnh',
    correlationId: randomUUID(),
  });
  const file = (rows: unknown[][]) => xlsx((wb) => sheet(wb, 'Công nhận', [['unit_code', 'level', 'decision_no', 'decision_date', 'period'], ...rows]));

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false', RUN_PROJECTIONS: 'false' });
    store = t.app.get<EventStore>(EVENT_STORE);
    importer = (s) => new HistoryImport(s, t.app.get(Jurisdiction), t.app.get(RegulationOverrides));
  });
  afterAll(() => t.close());

  /** The real store, except that appends to the streams `fails` names throw, as if the process died there. */
  function dyingAt(fails: (stream: string) => boolean): EventStore {
    return new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'append') {
          return (stream: string, ...rest: unknown[]) => {
            if (fails(stream)) return Promise.reject(new Error(`connection lost while appending to ${stream}`));
            return (target.append as (...a: unknown[]) => Promise<unknown>).call(target, stream, ...rest);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  const slotDossiers = async (commune: string) => (await store.readStream(dossierSlotStream(commune, 'standard'))).map((e) => (e.data as { dossierId: string }).dossierId);

  it('writes the slots it left out, renews nothing twice, and then finds nothing to write', async () => {
    // 2017: X and Y recognised under the 2016-2020 set, imported whole.
    const before = await readImportFile(await file([[X, 'standard', '1/QĐ-UBND', excelDate('2017-03-12'), '2016-2020'], [Y, 'standard', '2/QĐ-UBND', excelDate('2017-03-12'), '2016-2020']]), { fileName: '2017.xlsx' });
    expect((await importer(store).run(before, options())).outcome).toBe('written');
    const [x2017] = await slotDossiers(X);

    // 2023: both recognised again under the 2021-2025 set; the import dies at the first slot it appends.
    const later = await readImportFile(await file([[X, 'standard', '3/QĐ-UBND', excelDate('2023-03-15'), '2021-2025'], [Y, 'standard', '4/QĐ-UBND', excelDate('2023-03-15'), '2021-2025']]), { fileName: '2023.xlsx' });
    await expect(importer(dyingAt((s) => s.startsWith('dossierslot-'))).run(later, options())).rejects.toThrow('connection lost');
    expect(await slotDossiers(X)).toEqual([x2017]);
    const x2017Events = (await store.readStream(`dossier-${x2017}`)).map((e) => e.type);
    expect(x2017Events).toEqual(['RecognitionImported', 'RecognitionRenewed']);

    // Run again: every row's dossier is present, but the slots are not; they are written now.
    const again = await importer(store).run(later, options());
    expect(again).toMatchObject({ outcome: 'written', totals: { valid: 2, alreadyPresent: 2, written: 0 }, events: { written: 2 } });
    const xSlot = await slotDossiers(X);
    expect(xSlot).toHaveLength(2);
    expect((await slotDossiers(Y)).length).toBe(2);
    const x2023 = xSlot.find((id) => id !== x2017)!;
    expect((await store.readStream(`dossier-${x2023}`)).map((e) => e.type)).toEqual(['RecognitionImported']);
    // The older recognition was renewed once, not again.
    expect((await store.readStream(`dossier-${x2017}`)).map((e) => e.type)).toEqual(x2017Events);

    const third = await importer(store).run(later, options());
    expect(third).toMatchObject({ outcome: 'nothing-to-write', events: { written: 0 } });
  });

  it('an import that died at a renewal wrote nothing of that row: the next run writes the recognition, its slot and the renewal', async () => {
    const [Z] = communes.slice(2);
    const z2017 = await readImportFile(await file([[Z, 'standard', '5/QĐ-UBND', excelDate('2017-05-02'), '2016-2020']]), { fileName: 'z-2017.xlsx' });
    expect((await importer(store).run(z2017, options())).outcome).toBe('written');
    const [old] = await slotDossiers(Z!);
    const z2024 = await readImportFile(await file([[Z, 'standard', '6/QĐ-UBND', excelDate('2024-04-20'), '2021-2025']]), { fileName: 'z-2024.xlsx' });
    await expect(importer(dyingAt((s) => s === `dossier-${old}`)).run(z2024, options())).rejects.toThrow('connection lost');
    // The older dossier's stream is written before the newer one's: nothing of the row reached the store.
    expect((await store.readStream(`dossier-${old}`)).map((e) => e.type)).toEqual(['RecognitionImported']);
    expect(await slotDossiers(Z!)).toEqual([old]);

    const again = await importer(store).run(z2024, options());
    expect(again).toMatchObject({ outcome: 'written', totals: { alreadyPresent: 0, written: 1 }, events: { written: 3 } });
    expect((await store.readStream(`dossier-${old}`)).map((e) => e.type)).toEqual(['RecognitionImported', 'RecognitionRenewed']);
    expect((await slotDossiers(Z!)).length).toBe(2);
    expect((await importer(store).run(z2024, options())).outcome).toBe('nothing-to-write');
  });
});
