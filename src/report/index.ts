export { renderHtmlReport, SECTION_IDS } from './html/render-html.js';
export { renderMarkdownReport } from './markdown.js';
export type { BaselineSummary, ReportInput } from './report-input.js';
