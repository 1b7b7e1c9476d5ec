/** Feature: formatting — the formatter moved to format/ (format/format.ts). */
export * from '../../format/format.js';
