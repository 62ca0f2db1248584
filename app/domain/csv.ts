// The one home of what every CSV Circuit writes shares: cells a spreadsheet would run as a formula
// made inert (reports, product and customer exports).

/** Keeps spreadsheet formulas from running: text beginning with =, +, -, @, a tab or a return is read as text. */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
