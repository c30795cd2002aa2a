import request from 'supertest';
import { mintToken } from '@app/platform';
import type { Clock } from '@app/workflow';
import { en } from '../apps/web/src/i18n/en';
import { vi } from '../apps/web/src/i18n/vi';
import { launchChromium, type RunningBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { ensureWebConsoleBuilt, keepScreenshot, openConsole, eventually, recorded, see, seriousA11yViolations, signInAs, signInAsConsole, type ConsolePage } from './support/web-console';

/** Real time moved by an offset the test sets, so that deadlines can be made to pass without waiting. */
class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const DAY = 86_400_000;
const vnDate = (offsetDays: number) => {
  const d = new Date(Date.now() + 7 * 3_600_000 + offsetDays * DAY);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const PHUC_HOA = '07330';

describe('web console in a real browser (Debian chromium, strict CSP, five roles)', () => {
  const clock = new OffsetClock();
  let t: TestApp;
  let chromium: RunningBrowser;
  let auditor: string;
  const open: ConsolePage[] = [];
  let dossierId = '';

  /** axe-core finds no serious or critical violation, the page logged no error, and its picture is kept. */
  async function checkPage(c: ConsolePage, name: string): Promise<void> {
    await c.page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
    expect({ page: name, violations: await seriousA11yViolations(c.page) }).toEqual({ page: name, violations: [] });
    expect({ page: name, problems: c.problems }).toEqual({ page: name, problems: [] });
    await keepScreenshot(c.page, name);
  }

  async function as(persona: string): Promise<ConsolePage> {
    const c = await signInAsConsole(chromium.browser, t.baseUrl, persona);
    open.push(c);
    return c;
  }

  /** One tab that people take turns at (sign out, sign in), as on a shared office computer; it saves a page load each. */
  let shared: ConsolePage | null = null;
  async function takeTurn(persona: string): Promise<ConsolePage> {
    if (!shared) return (shared = await as(persona));
    await shared.page.locator('.topbar').getByRole('button', { name: vi.layout.signOut }).click();
    await signInAs(shared, persona);
    return shared;
  }

  const api = (path: string) => request(t.baseUrl).get(path).set('Authorization', `Bearer ${auditor}`);
  const status = (c: ConsolePage) => c.page.locator('.page-title .badge');

  beforeAll(async () => {
    await ensureWebConsoleBuilt();
    [t, chromium] = await Promise.all([startTestApp({ DEMO_DATA: 'true' }, { clock }), launchChromium()]);
    auditor = mintToken({ id: 'auditor-test', role: 'auditor', unit: '01' }, t.config.JWT_SECRET);
  }, 240_000);

  afterAll(async () => {
    for (const c of open) await c.context.close().catch(() => undefined);
    await chromium?.close();
    await t?.close();
  });

  it('serves the console at / while the API keeps its routes and answers', async () => {
    const index = await request(t.baseUrl).get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    // No inline script: the console runs under script-src 'self'.
    expect(index.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect((await request(t.baseUrl).get('/dossiers')).status).toBe(401);
    expect((await request(t.baseUrl).get('/health/live')).status).toBe(200);
    expect((await request(t.baseUrl).get('/docs/openapi.json')).body.paths['/dossiers']).toBeDefined();
    const missing = await request(t.baseUrl).get('/no-such-route');
    expect({ status: missing.status, type: missing.headers['content-type'] }).toEqual({ status: 404, type: expect.stringMatching(/problem\+json/) });
  });

  it('signs in on the demo page, in Vietnamese by default, and switches to English and back', async () => {
    const c = await openConsole(chromium.browser, t.baseUrl);
    open.push(c);
    await c.page.getByRole('heading', { level: 1, name: vi.signIn.title }).waitFor();
    expect(await c.page.locator('html').getAttribute('lang')).toBe('vi');
    await checkPage(c, '01-sign-in');
    await c.page.getByRole('button', { name: 'English' }).click();
    await c.page.getByRole('heading', { level: 1, name: en.signIn.title }).waitFor();
    expect(await c.page.locator('html').getAttribute('lang')).toBe('en');
    await c.page.locator('[data-persona="office-1"]').click();
    await c.page.getByRole('link', { name: en.nav.deadlines }).click();
    await c.page.getByRole('heading', { level: 1, name: en.deadlines.title }).waitFor();
    // Dates stay dd/MM/yyyy in English, in a browser set to en-US and London time.
    await see(c.page.locator('table.deadlines tbody tr').first().locator('td').first()).matches(/^\d{2}\/\d{2}\/\d{4}/);
    await c.page.reload();
    await c.page.getByRole('heading', { level: 1, name: en.deadlines.title }).waitFor();
    await c.page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await c.page.getByRole('heading', { level: 1, name: vi.deadlines.title }).waitFor();
    expect(await c.page.locator('html').getAttribute('lang')).toBe('vi');
  }, 120_000);

  it('carries a dossier from registration to recognition through the UI, role by role', async () => {
    // Commune officer: register with a double click — one dossier, one registration event.
    const commune = await as('phuchoa-officer');
    await commune.page.getByRole('heading', { level: 1, name: vi.dossiers.myTitle.replace('{{unit}}', 'Xã Phúc Hòa') }).waitFor();
    await checkPage(commune, '02-commune-home');
    await commune.page.getByLabel(vi.common.reason).fill('Nghị quyết HĐND xã Phúc Hòa');
    await commune.page.getByRole('button', { name: vi.register.submit }).dblclick();
    await commune.page.waitForURL(/#\/dossiers\/[0-9a-f-]{36}$/);
    dossierId = commune.page.url().split('/').pop()!;
    expect((await api(`/dossiers/${dossierId}`)).body.revision).toBe(0);

    // Submitting at once is refused, and every unmet item is shown where it belongs.
    await commune.page.getByRole('button', { name: vi.submit.submit }).click();
    await commune.page.locator('#unmet-summary').waitFor();
    await see(commune.page.locator('#criterion-C01')).cls(/row-flagged/);
    await see(commune.page.locator('#criterion-C01')).contains(vi.unmet['criterion-unrecorded']);
    await see(commune.page.locator('#consultation')).contains(vi.unmet['consultation-unrecorded']);
    await see(commune.page.getByLabel(vi.document['submission-letter'])).attr('aria-invalid', 'true');
    await checkPage(commune, '03-dossier-refused-in-place');

    // A date the server refuses is named at its field.
    const consultation = commune.page.locator('#consultation');
    await consultation.getByLabel(vi.consultation.from).fill('31/02/2026');
    await consultation.getByRole('button', { name: vi.consultation.save }).click();
    await see(consultation.locator('.field', { has: commune.page.getByLabel(vi.consultation.from) }).locator('.field-error')).contains(vi.form.ruleDate);

    // Criteria, consultation, conditions.
    for (let i = 1; i <= 10; i++) await commune.page.locator(`#criterion-C${String(i).padStart(2, '0')} input[type=checkbox]`).check();
    await commune.page.getByRole('button', { name: vi.criteria.save }).click();
    await recorded(commune, vi.dossier.saved.replace('{{revision}}', '1'));
    await consultation.getByLabel(vi.consultation.from).fill(vnDate(-20));
    await consultation.getByLabel(vi.consultation.to).fill(vnDate(-6));
    for (let i = 2; i <= 5; i++) await consultation.getByRole('button', { name: vi.consultation.addPosting }).click();
    for (let i = 1; i <= 5; i++) {
      await consultation.getByLabel(vi.consultation.postedOn.replace('{{n}}', String(i))).fill(vnDate(-20 + 3 * (i - 1)));
      await consultation.getByLabel(vi.consultation.place.replace('{{n}}', String(i))).fill(`Nhà văn hóa thôn ${i}`);
    }
    await consultation.getByLabel(vi.consultation.surveyed).fill('400');
    await consultation.getByLabel(vi.consultation.satisfied).fill('380');
    await consultation.getByRole('button', { name: vi.consultation.save }).click();
    await recorded(commune, vi.dossier.saved.replace('{{revision}}', '2'));

    // Two tabs on one dossier: the second saves first, the first is told it changed and writes nothing.
    const second = await as('phuchoa-officer');
    await second.page.goto(`${t.baseUrl}/#/dossiers/${dossierId}`);
    await second.page.getByRole('button', { name: vi.conditions.save }).click();
    await recorded(second, vi.dossier.saved.replace('{{revision}}', '3'));
    await commune.page.getByRole('button', { name: vi.conditions.save }).click();
    const dialog = commune.page.getByRole('alertdialog', { name: vi.stale.title });
    await dialog.waitFor();
    expect((await api(`/dossiers/${dossierId}`)).body.revision).toBe(3);
    await dialog.getByRole('button', { name: vi.stale.reload }).click();
    await dialog.waitFor({ state: 'detached' });

    // The verifier's inbox is open while the commune submits: it refreshes by itself.
    const verifier = await as('verifier-1');
    const queue = verifier.page.locator('#queue-under_verification');
    await queue.waitFor();
    await see(queue).lacks('Xã Phúc Hòa');
    for (const [i, kind] of (['submission-letter', 'results-report', 'comments-summary', 'proposal-minutes'] as const).entries()) {
      await commune.page.getByLabel(vi.document[kind]).fill(`VB-${i + 1}/UBND-PH`);
    }
    await commune.page.getByRole('button', { name: vi.submit.submit }).click();
    await see(status(commune)).text(vi.status.under_verification);
    await see(queue, 15_000).contains('Xã Phúc Hòa');
    await checkPage(verifier, '04-verifier-inbox');

    // Verifier: passes the verification and forwards it for appraisal.
    await queue.getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).click();
    await verifier.page.getByLabel(vi.verification.findings).fill('Hồ sơ đầy đủ, đúng quy định\nTiêu chí đạt theo báo cáo');
    await checkPage(verifier, '05-dossier-verification');
    await verifier.page.getByRole('button', { name: vi.verification.pass }).click();
    await see(status(verifier)).text(vi.status.verified);
    await verifier.page.getByRole('button', { name: vi.forward.submit }).click();
    await see(status(verifier)).text(vi.status.under_appraisal);

    // Coordination office: convenes the council.
    const office = await takeTurn('office-1');
    await office.page.locator('#queue-under_appraisal').getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).click();
    await office.page.getByLabel(vi.office.chair).fill('demo-chair');
    await office.page.getByLabel(vi.office.members).fill('demo-member-2\ndemo-member-3');
    await office.page.getByRole('button', { name: vi.office.convene }).click();
    await see(office.page.locator('#council')).contains('demo-member-3');

    // Council: three members vote in turn at one computer, then the chair concludes.
    const council = await takeTurn('demo-chair');
    await council.page.getByRole('heading', { level: 1, name: vi.appraisal.title }).waitFor();
    await checkPage(council, '06-council-queue');
    for (const member of ['demo-chair', 'demo-member-2', 'demo-member-3']) {
      if (member !== 'demo-chair') await takeTurn(member);
      await council.page.getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).click();
      await council.page.getByLabel(vi.vote.comment).fill('Đạt đủ 10/10 tiêu chí, đồng ý đề nghị công nhận');
      if (member === 'demo-chair') await checkPage(council, '07-dossier-vote');
      await council.page.getByRole('button', { name: vi.vote.cast }).click();
      await council.page.getByText(vi.vote.yours.split(':')[0]).waitFor();
    }
    await takeTurn('demo-chair');
    await council.page.getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).click();
    await council.page.locator('#vote').getByRole('button', { name: vi.council.conclude }).click();
    await see(status(council)).text(vi.status.appraised);

    // Provincial chairperson: signs the recognition.
    const chairperson = await takeTurn('chairperson-1');
    await chairperson.page.locator('#to-sign').getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).waitFor();
    await checkPage(chairperson, '08-decisions');
    await chairperson.page.locator('#to-sign').getByRole('link', { name: 'Xã Phúc Hòa', exact: true }).click();
    await chairperson.page.getByLabel(vi.decision.number).fill('2150/QĐ-UBND');
    await chairperson.page.getByRole('button', { name: vi.decision.sign }).click();
    await see(status(chairperson)).text(vi.status.recognised);
    await checkPage(chairperson, '09-dossier-recognised');

    // Read models follow the store: by now they hold everything, including a second registration had there been one.
    await eventually(async () => expect((await api(`/dossiers/${dossierId}/history`)).body).toHaveLength(13));
    expect((await api(`/dossiers?unit=${PHUC_HOA}`)).body.total).toBe(1);
    expect((await api(`/audit-trail?unit=${PHUC_HOA}`)).body.filter((e: { type: string }) => e.type === 'DossierRegistered')).toHaveLength(1);
    const types = (await api(`/dossiers/${dossierId}/history`)).body.map((e: { type: string; actorRole: string }) => `${e.actorRole}:${e.type}`);
    expect(types).toEqual([
      'commune_officer:DossierRegistered',
      'commune_officer:CriterionResultsRecorded',
      'commune_officer:PublicConsultationRecorded',
      'commune_officer:RecognitionConditionsDeclared',
      'commune_officer:DossierSubmittedForVerification',
      'verifying_officer:DossierVerified',
      'verifying_officer:DossierSubmittedForAppraisal',
      'coordination_office:AppraisalCouncilConvened',
      'council_chair:CouncilVoteCast',
      'council_member:CouncilVoteCast',
      'council_member:CouncilVoteCast',
      'council_chair:DossierAppraised',
      'provincial_chairperson:DossierRecognised',
    ]);
  }, 300_000);

  it("lets the auditor travel through the dossier's history, with what changed and the chain verified", async () => {
    const auditorPage = await takeTurn('auditor-1');
    await checkPage(auditorPage, '10-audit-search');
    await auditorPage.page.goto(`${t.baseUrl}/#/dossiers/${dossierId}/audit`);
    const page = auditorPage.page;
    await see(page.locator('#chain')).contains(vi.auditDossier.chainIntact_other.split(':')[0]);
    await see(page.locator('#chain')).contains('13');
    const travel = page.locator('#time-travel');
    await see(travel.locator('.badge').first()).text(vi.status.recognised);
    await page.locator('#revision-slider').fill('0');
    await see(travel.getByRole('heading', { level: 3 }).first()).contains(vi.auditDossier.stateAt.split('{{')[0] + '0');
    await see(travel.locator('.badge').first()).text(vi.status.drafting);
    await page.locator('#revision-slider').fill('5');
    await see(travel.locator('.badge').first()).text(vi.status.verified);
    await see(travel.locator('table.diff')).contains(vi.statePath.status);
    await see(travel.locator('table.diff')).contains(vi.status.verified);
    // An instant in the diff reads as a date and time, not as what i18next makes of a key with ':' in it.
    await see(travel.locator('table.diff tr', { hasText: vi.statePath.verifiedAt })).matches(new RegExp(`${vnDate(0)} \\d{2}:\\d{2}`));
    await checkPage(auditorPage, '11-audit-time-travel');
    await travel.getByLabel(vi.auditDossier.asOfDate).fill(vnDate(-1));
    await travel.getByText(vi.auditDossier.beforeFirst).waitFor();
    await travel.getByLabel(vi.auditDossier.asOfDate).fill(vnDate(0));
    await see(travel.locator('.badge').first()).text(vi.status.recognised);
  }, 120_000);

  it('shows statistics against the plan with a drill-down, and the commune page', async () => {
    const office = await takeTurn('office-1');
    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.statistics }).click();
    await office.page.locator('canvas').first().waitFor();
    await checkPage(office, '12-statistics');
    await office.page.goto(`${t.baseUrl}/#/communes/${PHUC_HOA}`);
    await office.page.getByRole('heading', { level: 1, name: /Xã Phúc Hòa/ }).waitFor();
    await see(office.page.locator('.kv').first()).contains(vi.level.standard);
    await checkPage(office, '13-commune');
  }, 120_000);

  it('puts overdue deadlines first on the board, with working days', async () => {
    // 45 days on, the demo dossiers under verification and appraisal (15 working days) are overdue.
    clock.offsetMs = 45 * DAY;
    const board = (await api('/deadlines?unit=24')).body;
    const overdue = board.items.filter((d: { overdue: boolean }) => d.overdue);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    const office = await takeTurn('office-1');
    await office.page.locator('nav.mainnav').getByRole('link', { name: vi.nav.deadlines }).click();
    const rows = office.page.locator('table.deadlines tbody tr');
    await see(rows).count(board.total);
    const classes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('class') ?? ''));
    expect(classes.slice(0, overdue.length).every((c) => c.includes('row-overdue'))).toBe(true);
    expect(classes.slice(overdue.length).some((c) => c.includes('row-overdue'))).toBe(false);
    await see(rows.first()).contains(vi.deadlines.overdueWorking_other.replace('{{count}}', String(-overdue[0].workingDaysLeft)));
    await checkPage(office, '14-deadline-board');
    clock.offsetMs = 0;
  }, 120_000);
});
