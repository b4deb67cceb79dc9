import { z } from 'zod';
import {
  AgencyList, ImportQuery, ImportReport, PolicyRule, RuleInForceQuery, RuleList, RuleQuery, UnitList, UnitQuery,
} from '../../../contracts/reference.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import * as reference from './service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function referenceRoutes(http: Http, app: App) {

  http.get('/api/reference/units', {
    config: { access: 'reference.read' },
    schema: { tags: ['reference'], summary: 'Đơn vị hành chính theo thời điểm / administrative units at a date', querystring: UnitQuery, response: { 200: UnitList } },
  }, async (req) => ({ items: await reference.listUnits(app.db, req.query) }));

  http.get('/api/reference/communes', {
    config: { access: 'reference.read' },
    schema: { tags: ['reference'], summary: 'Xã/phường của tỉnh / communes of the province', response: { 200: UnitList } },
  }, async () => ({ items: await reference.provinceCommunes(app.db, app.config.provinceCode) }));

  // The official list as CSV text (code, name, level, parent); every row error is reported with its line.
  http.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  http.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
  http.post('/api/reference/units/import', {
    config: { access: 'reference.manage' },
    schema: {
      tags: ['reference'], summary: 'Nhập danh mục đơn vị hành chính (CSV hoặc XLSX) / import the unit list (CSV or XLSX)',
      querystring: ImportQuery, body: z.union([z.string().min(1), z.instanceof(Buffer)]), response: { 200: ImportReport },
    },
  }, async (req) => reference.importUnits(app.db, req.actor!, req.body, { validFrom: req.query.validFrom, dryRun: req.query.dryRun === 'true' }));

  http.get('/api/reference/agencies', {
    config: { access: 'reference.read' },
    schema: { tags: ['reference'], summary: 'Cơ quan, đơn vị / agencies', response: { 200: AgencyList } },
  }, async () => ({ items: await reference.listAgencies(app.db) }));

  http.get('/api/reference/rules', {
    config: { access: 'reference.read' },
    schema: { tags: ['reference'], summary: 'Quy định theo thời gian / policy rules', querystring: RuleQuery, response: { 200: RuleList } },
  }, async (req) => ({ items: await reference.listRules(app.db, req.query.key) }));

  http.get('/api/reference/rules/in-force', {
    config: { access: 'reference.read' },
    schema: { tags: ['reference'], summary: 'Quy định có hiệu lực tại một ngày / rule in force on a date', querystring: RuleInForceQuery, response: { 200: PolicyRule } },
  }, async (req) => reference.ruleInForce(app.db, req.query.key, req.query.at));
}
