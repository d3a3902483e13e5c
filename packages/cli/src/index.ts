export { createProgram } from './program.js';
export { renderTable, type Column } from './format/table.js';
export { formatCount, formatUsd, perMillionTokens } from './format/money.js';
