/** Whether typed text is an amount of yuan the server takes: digits, at most 2 decimals (fen), above 0, below 1e12. */
export function isYuanText(text: string): boolean {
  const s = text.trim()
  return /^\d{1,12}(?:\.\d{1,2})?$/.test(s) && /[1-9]/.test(s)
}
