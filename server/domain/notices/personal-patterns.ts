/**
 * Personal data in a notice's text: a notice is public, so a resident ID number or a mobile number in its title or
 * body is refused (NOTICE_TEXT_PERSONAL_DATA) when the draft is saved and again when it is approved. The patterns
 * are those the public crawl scans for (hostile-inputs.md A07): 17 digits and a digit or X, and an 11-digit mobile
 * number 1[3-9]…, each not part of a longer run of digits. Full-width digits count (NFKC), and so do single spaces or
 * hyphens between digits (138-1234-5678). Landlines (0745-2381234) are not personal data here: offices print them.
 */

export type PersonalPattern = 'id_number' | 'mobile'

const idNumber = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/
const mobile = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/

function variants(text: string): string[] {
  const n = text.normalize('NFKC')
  return [n, n.replace(/(?<=[0-9])[ \-](?=[0-9Xx])/g, '')]
}

/** The kinds of personal data found in `text`, in a fixed order; empty when none. The text itself is never returned. */
export function personalPatternsIn(text: string, which: readonly PersonalPattern[] = ['id_number', 'mobile']): PersonalPattern[] {
  const forms = variants(text)
  const found: PersonalPattern[] = []
  if (which.includes('id_number') && forms.some((f) => idNumber.test(f))) found.push('id_number')
  if (which.includes('mobile') && forms.some((f) => mobile.test(f))) found.push('mobile')
  return found
}
