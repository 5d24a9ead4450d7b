/**
 * Organiser insights: recording questions and votes, and the report. See
 * README.md, "Insights".
 */
export { readInsightsConfig, DEFAULT_INSIGHTS_CONFIG, type InsightsConfig } from './config.js';
export { InsightsStore, INSIGHTS_SCHEMA_VERSION } from './store.js';
export { InsightsRecorder, type VoteInput, type RecorderOptions } from './recorder.js';
export { buildReport, parseSince, type InsightsReport } from './report.js';
export { toCsv, toJson, toText, summaryReply } from './format.js';
export { toHtml, escapeHtml } from './html.js';
export { newQuestionId, isQuestionId } from './ids.js';
export { InsightsService, insightsOffReply, type FeedbackPort, type InsightsPort } from './service.js';
