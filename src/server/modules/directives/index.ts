// The directives module's public functions: the only import other modules (and the CLI) may use.
export { DirectiveParseError, MAX_DIRECTIVE_CHARS, parseDirective } from './parse.ts';
export { DEFAULT_AGENCY_REGISTRY, resolveAgency, resolveTaskAgencies, type AgencyGroup, type ResolvedAgency } from './agencies.ts';
export {
  accuracySummary, defaultDirectiveSets, directiveAccuracyReport, formatAccuracyReport, loadDirectiveCases, scoreDirective,
  scoreDirectives, type AccuracyReport,
} from './accuracy.ts';
// Document registry, directive import and review, task board, drafting (HTTP routes and the DOCX/PDF readers).
export { DIRECTIVE_ACCESS, directiveRoutes } from './routes.ts';
export { readDocxText, writeDocx } from './docx.ts';
export { readPdfText } from './pdf.ts';
export { renderDraftDocx, renderDraftText } from './drafting.render.ts';
