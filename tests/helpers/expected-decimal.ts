/**
 * The server's decimal to `decimals` places, half away from zero, groups of three separated by a space:
 * written independently of the client's formatter (Intl rounds the decimal text exactly).
 */
export function expectedFixed(value: number | string, decimals: number): string {
  const nf = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    roundingMode: 'halfExpand',
  } as Intl.NumberFormatOptions)
  return nf.format(String(value) as unknown as number).replace(/,/g, ' ')
}
