import ExcelJS from 'exceljs';
import request from 'supertest';
import { unitRegistry } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { mintToken } from '@app/platform';
import { ProjectionRunner } from '@app/projections';
import { formatNumber, formatPercent } from '../apps/web/src/format';
import { vi } from '../apps/web/src/i18n/vi';
import { launchChromium, type RunningBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { ensureWebConsoleBuilt, eventually, keepScreenshot, see, seriousA11yViolations, signInAsConsole, type ConsolePage } from './support/web-console';

/**
 * The console's pages for a province's history, in a real browser against the real service: the import (a file with
 * bad rows refused whole and every bad row named, then a clean file checked and written), the statistics of a past
 * date and district shown as the API computes them, the regulations, and an imported dossier whose timeline gives
 * business time and record time apart with the row it came from.
 *
 * Bắc Giang (24 on the March 2025 map, now part of Bắc Ninh, 24): C[i] is the i-th of its communes in code order.
 */
const COMMUNES = unitRegistry.communesOf('24', '2025-03').filter((c) => c.kind === 'commune').sort((a, b) => a.code.localeCompare(b.code));
const C = (i: number) => COMMUNES[i]!;
const FILE = 'bac-giang-lich-su.xlsx';

const recognition = (i: number, date: string, period: string) => ({
  unit_code: C(i).code,
  level: 'standard',
  period,
  decision_no: `${i + 100}/QĐ-UBND`,
  decision_date: date,
  signer_name: 'Lê Ánh Dương',
  signer_title: 'Chủ tịch UBND tỉnh',
});

const RECOGNITIONS = [
  recognition(0, '10/05/2018', '2016-2020'),
  recognition(1, '10/05/2018', '2016-2020'),
  recognition(2, '10/05/2018', '2016-2020'),
  recognition(3, '15/03/2023', '2021-2025'),
  // C[1] recognised again under the 2021-2025 set: its 2018 recognition is renewed (replaced), not counted twice.
  { ...recognition(1, '20/06/2023', '2021-2025'), decision_no: '501/QĐ-UBND' },
];
const ASSESSMENTS = [19, 19, 19, 15, 12, 14].map((met, i) => ({ unit_code: C(i).code, year: 2020, assessed_on: '20/12/2020', met_count: met, total: 19 }));
const PLANS = [{ unit_code: '24', scope: 'giai đoạn', period: '2016-2020', standard_communes: 10, average_criteria: 16, floor_criteria: 13 }];

async function workbook(sheets: Record<string, Record<string, unknown>[]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = book.addWorksheet(name);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.addRow(keys);
    for (const r of rows) ws.addRow(keys.map((k) => r[k] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('web console: history import, statistics on past dates, regulations, imported dossiers (real browser)', () => {
  let t: TestApp;
  let chromium: RunningBrowser;
  let office: ConsolePage;
  let auditorToken: string;
  let officeToken: string;
  let good: Buffer;
  let bad: Buffer;
  const pages: ConsolePage[] = [];
  const api = (path: string, token = auditorToken) => request(t.baseUrl).get(path).set('Authorization', `Bearer ${token}`);
  const eventCount = async () => (await t.app.get<EventStore>(EVENT_STORE).readAll({ maxCount: 100_000 })).length;
  const stat = (c: ConsolePage, label: string) => c.page.locator('#report-figures .stat', { has: c.page.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.stat-value');

  async function checkPage(c: ConsolePage, name: string): Promise<void> {
    await c.page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
    expect({ page: name, violations: await seriousA11yViolations(c.page) }).toEqual({ page: name, violations: [] });
    expect({ page: name, problems: c.problems }).toEqual({ page: name, problems: [] });
    await keepScreenshot(c.page, name);
  }

  async function chooseFile(c: ConsolePage, name: string, buffer: Buffer): Promise<void> {
    await c.page.getByLabel(vi.imports.file, { exact: true }).setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  }

  beforeAll(async () => {
    await ensureWebConsoleBuilt();
    [t, chromium] = await Promise.all([startTestApp({ DEMO_DATA: 'false' }), launchChromium()]);
    auditorToken = mintToken({ id: 'auditor-test', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
    officeToken = mintToken({ id: 'office-test', role: 'coordination_office', unit: '24' }, t.config.JWT_SECRET);
    good = await workbook({ recognitions: RECOGNITIONS, assessments: ASSESSMENTS, plans: PLANS });
    // Rows 3 and 5 of the recognitions sheet (row 1 holds the keys): a date that does not exist, a level that does not.
    bad = await workbook({
      recognitions: RECOGNITIONS.map((r, i) => (i === 1 ? { ...r, decision_date: '31/02/2018' } : i === 3 ? { ...r, level: 'xuất sắc' } : r)),
      assessments: ASSESSMENTS,
      plans: PLANS,
    });
    office = await signInAsConsole(chromium.browser, t.baseUrl, 'office-1');
    pages.push(office);
  }, 240_000);

  afterAll(async () => {
    for (const c of pages) await c.context.close().catch(() => undefined);
    await chromium?.close();
    await t?.close();
  });

  it('offers the templates, and refuses a file with bad rows whole, naming each row, column and rule', async () => {
    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.imports }).click();
    await office.page.getByRole('heading', { level: 1, name: vi.imports.title }).waitFor();
    const download = office.page.waitForEvent('download');
    await office.page.getByRole('link', { name: vi.imports.templateOf.replace('{{kind}}', vi.importKind.recognitions).replace('{{format}}', 'CSV') }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    const before = await eventCount();
    await chooseFile(office, FILE, bad);
    await office.page.getByLabel(vi.imports.dryRunToggle).uncheck();
    await office.page.getByRole('button', { name: vi.imports.write }).click();
    const report = office.page.locator('#import-report');
    await see(report.locator('.import-outcome .badge')).text(vi.importOutcome.refused);

    // The page lists what the API finds in the same file, row by row.
    const expected = (await request(t.baseUrl).post('/imports?dryRun=true').set('Authorization', `Bearer ${officeToken}`).attach('file', bad, FILE).expect(422)).body;
    expect(expected.problems.map((p: { row: number; column: string }) => `${p.row}:${p.column}`)).toEqual(['3:decision_date', '5:level']);
    const rows = report.locator('table.import-problems tbody tr');
    await see(rows).count(expected.problems.length);
    for (const [i, p] of (expected.problems as { file: string; row: number; column: string; rule: string }[]).entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute('data-row')).toBe(String(p.row));
      expect(await row.getAttribute('data-column')).toBe(p.column);
      await see(row).contains(p.rule);
      await see(row).contains(p.file);
    }
    await see(report.locator('tfoot [data-kind=total]')).contains(String(expected.totals.invalid));
    await checkPage(office, '15-import-refused');
    expect(await eventCount()).toBe(before);
    expect((await api('/dossiers?unit=24&limit=100')).body.total).toBe(0);
  }, 120_000);

  it('checks a clean file first, then writes it; the imported dossiers appear in the list', async () => {
    await chooseFile(office, FILE, good);
    await office.page.getByLabel(vi.imports.dryRunToggle).check();
    const before = await eventCount();
    await office.page.getByRole('button', { name: vi.imports.check }).click();
    const report = office.page.locator('#import-report');
    await see(report.locator('.import-outcome .badge')).text(vi.importOutcome['dry-run']);
    await see(report.locator('[data-kind=recognitions] td').nth(1)).text(String(RECOGNITIONS.length));
    expect(await eventCount()).toBe(before);

    await office.page.getByRole('button', { name: vi.imports.writeChecked }).click();
    await see(report.locator('.import-outcome .badge')).text(vi.importOutcome.written);
    await see(report.locator('[data-kind=total] td').nth(4)).text(String(RECOGNITIONS.length + ASSESSMENTS.length + PLANS.length));
    await checkPage(office, '16-import-written');
    expect(await eventCount()).toBeGreaterThan(before);
    await t.app.get(ProjectionRunner).settle();

    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.dossiers }).click();
    for (const i of [0, 1, 2, 3]) {
      const row = office.page.locator('table tbody tr', { has: office.page.getByRole('link', { name: C(i).name, exact: true }) });
      await see(row, 15_000).contains(vi.dossier.importedTag);
    }
  }, 120_000);

  it('shows the statistics of a past date and of a district exactly as the API computes them', async () => {
    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.statistics }).click();
    await office.page.getByLabel(vi.statistics.asOf).fill('31/12/2020');
    const s = (await api('/statistics/24?asOf=2020-12-31')).body;
    expect(s).toMatchObject({ map: '2025-03', recognised: { standard: { communes: 3 } } });
    await see(stat(office, vi.statistics.communes)).text(formatNumber(s.communes, 'vi'));
    await see(stat(office, vi.level.standard)).text(formatNumber(s.recognised.standard.communes, 'vi'));
    await see(office.page.locator('#report-figures .stat', { has: office.page.locator('.stat-label', { hasText: new RegExp(`^${vi.level.standard}$`) }) })).contains(formatPercent(s.recognised.standard.percent, 'vi'));
    await see(stat(office, vi.statistics.averageCriteria)).text(`${formatNumber(s.averageCriteria, 'vi')} / ${s.criteriaSet.total}`);
    // The period plan: recognised so far against the communes planned by the period's end.
    expect(s.plan.period).toMatchObject({ period: '2016-2020', standard: { actual: 3, targetCommunes: 10 } });
    await see(office.page.locator('#period-plan [data-line=standard]')).contains(formatPercent(s.plan.period.standard.percentOfPlan, 'vi'));
    await see(office.page.locator('#period-plan [data-line=floor]')).contains(vi.statistics.floorNotMet);
    // Per district before July 2025: the table matches the API's rows, and a district opens its own report.
    const districts = office.page.locator('#districts tbody tr');
    await see(districts).count(s.districts.length);
    const d = s.districts.find((x: { recognised: { standard: { communes: number } } }) => x.recognised.standard.communes > 0);
    await see(office.page.locator('#districts tbody tr', { hasText: d.name }).locator('td').nth(1)).contains(String(d.recognised.standard.communes));
    await checkPage(office, '20-statistics-past-date');
    await office.page.locator('#districts').getByRole('button', { name: d.name, exact: true }).click();
    const ds = (await api(`/statistics/${d.districtCode}?asOf=2020-12-31`)).body;
    await see(office.page.locator('.page-title')).contains(ds.unitName);
    await see(stat(office, vi.statistics.communes)).text(formatNumber(ds.communes, 'vi'));
    await see(stat(office, vi.level.standard)).text(formatNumber(ds.recognised.standard.communes, 'vi'));

    // The commune list behind the figures, and the export links answer with files.
    await office.page.getByRole('button', { name: vi.statistics.backToProvince }).click();
    await see(office.page.locator('#commune-list [role=status]')).contains(String((await api('/statistics/24/communes?asOf=2020-12-31')).body.communes.length));
    // The office records the year's plan on the page; the year's table then shows the API's progress against it.
    const form = office.page.locator('#plan-form');
    await form.locator('summary').click();
    await form.getByLabel(vi.planForm.scope).selectOption('year');
    await form.getByLabel(vi.planForm.year, { exact: true }).fill('2020');
    await form.getByLabel(vi.planForm.communesOf.replace('{{level}}', vi.level.standard)).fill('5');
    await form.getByRole('button', { name: vi.planForm.save }).click();
    await form.getByRole('status').getByText(vi.planForm.saved).waitFor();
    await t.app.get(ProjectionRunner).settle();
    const planned = (await api('/statistics/24?asOf=2020-12-31')).body.plan.year;
    expect(planned).toMatchObject({ year: 2020, standard: { targetCommunes: 5 } });
    await see(office.page.locator('#year-plan [data-line=standard]')).contains(formatPercent(planned.standard.percentOfPlan, 'vi'));
    const saved = office.page.waitForEvent('download');
    await office.page.locator('[data-download="summary.xlsx"]').click();
    expect((await saved).suggestedFilename()).toBe('ntm-24-2020-12-31-summary.xlsx');
  }, 120_000);

  it('lists the regulation packs with their criteria sets in both languages', async () => {
    const regulations = (await api('/regulations?province=24', officeToken)).body as { inForce: string; packs: { id: string; title: string; criteriaSets: { code: string; criteria: { nameEn: string }[] }[] }[] };
    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.regulations }).click();
    await office.page.getByRole('heading', { level: 1, name: vi.regulations.title }).waitFor();
    for (const p of regulations.packs) await office.page.getByRole('heading', { level: 2, name: p.title, exact: true }).waitFor();
    const inForce = regulations.packs.find((p) => p.id === regulations.inForce)!;
    await see(office.page.locator('#in-force')).contains(inForce.title);
    const set = inForce.criteriaSets[0];
    const details = office.page.locator('details.criteria-set', { hasText: set.code }).first();
    await details.locator('summary').click();
    await see(details.locator('tbody tr')).count(set.criteria.length);
    await see(details.locator('tbody')).contains(set.criteria[0].nameEn);
    await see(office.page.locator('main')).lacks('condition.');
    await checkPage(office, '17-regulations');
  }, 120_000);

  it("marks an imported dossier, and its timeline gives when it happened, when it was recorded and the file's row", async () => {
    const list = (await api('/dossiers?unit=24&limit=100')).body as { items: { dossierId: string; communeCode: string; imported: boolean }[] };
    const dossierId = list.items.find((d) => d.imported && d.communeCode === C(0).code)!.dossierId;
    const history = (await api(`/dossiers/${dossierId}/history`)).body as { revision: number; occurredAt: string; recordedAt: string; source: { row: number; sheet: string } | null }[];
    const first = history[0];
    expect(first.occurredAt).toBe('2018-05-09T17:00:00.000Z');
    expect(first.source).toMatchObject({ sheet: 'recognitions', row: 2, file: FILE });

    await office.page.goto(`${t.baseUrl}/#/dossiers/${dossierId}`);
    await see(office.page.locator('.page-title')).contains(vi.dossier.importedTag);
    await see(office.page.locator('.page-title .badge')).text(vi.status.recognised);
    await office.page.getByRole('note').getByText(vi.dossier.importedNotice).waitFor();
    await see(office.page.locator('#recognition')).contains(`${100}/QĐ-UBND`);
    await checkPage(office, '18-dossier-imported');

    await office.page.getByRole('link', { name: vi.dossier.importedSource }).click();
    const item = office.page.locator(`#timeline li[data-revision="${first.revision}"]`);
    await see(item).contains(vi.event.RecognitionImported);
    await see(item.locator('.occurred-at')).contains('10/05/2018');
    const recordedDay = new Date(Date.parse(first.recordedAt) + 7 * 3_600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
    await see(item.locator('.recorded-at')).contains(recordedDay);
    await see(item).contains(vi.audit.sourceSheet.replace('{{file}}', FILE).replace('{{sheet}}', 'recognitions').replace('{{row}}', '2'));
    // As of a date between the decision and the import, the dossier stands recognised: business time decides.
    await office.page.locator('#time-travel').getByLabel(vi.auditDossier.asOfDate).fill('01/01/2019');
    await see(office.page.locator('#time-travel .badge').first()).text(vi.status.recognised);
    await office.page.locator('#time-travel').getByLabel(vi.auditDossier.asOfDate).fill('01/01/2018');
    await office.page.locator('#time-travel').getByText(vi.auditDossier.beforeFirst).waitFor();
    await eventually(async () => expect(office.problems).toEqual([]));
    await checkPage(office, '19-audit-imported-times');
  }, 120_000);

  it('shows a recognition renewed under a later set, with the day and a way to the recognition that replaced it', async () => {
    const items = (await api('/dossiers?unit=24&limit=100')).body.items as { dossierId: string; communeCode: string; status: string }[];
    const renewed = items.find((d) => d.communeCode === C(1).code && d.status === 'renewed')!;
    const renewing = items.find((d) => d.communeCode === C(1).code && d.status === 'recognised')!;
    expect(renewed && renewing).toBeTruthy();
    await office.page.goto(`${t.baseUrl}/#/dossiers/${renewed.dossierId}`);
    await see(office.page.locator('.page-title .badge')).text(vi.status.renewed);
    const section = office.page.locator('#renewal');
    await see(section).contains('20/06/2023');
    await checkPage(office, '21-dossier-renewed');
    await section.getByRole('link', { name: vi.renewal.openNew }).click();
    await office.page.waitForURL(new RegExp(`#/dossiers/${renewing.dossierId}$`));
    await see(office.page.locator('#recognition')).contains('501/QĐ-UBND');
    // Its commune's code names another commune on the July 2025 map: the deadlines shown are this dossier's own.
    expect(unitRegistry.findCommune(C(1).code, '2025-07')?.name).not.toBe(C(1).name);
    const own = (await api(`/communes/${C(1).code}/next-deadline?map=2025-03`)).body.deadlines.filter((d: { dossierId: string }) => d.dossierId === renewing.dossierId);
    expect(own.map((d: { kind: string }) => d.kind)).toContain('monitoring-review');
    await see(office.page.locator('.deadline-list')).contains(vi.deadlineKind['monitoring-review']);
  }, 120_000);
});
