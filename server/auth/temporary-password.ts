import { randomInt } from 'node:crypto'
import { passwordFault } from './passwords.ts'
import type { SecurityPolicy } from './policy.ts'

// Characters easy to read aloud and copy from a screen: no 0/O, 1/l/I.
const classes = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=@']

/**
 * A one-time password an administrator hands over (POST /users/:id/password-reset): random, at least 16 characters
 * and the policy's minimum, all four classes mixed, in groups of four joined by '-', and passing the policy's
 * rules for `username`. About 5.8 bits per character: 16 characters are over 90 bits.
 */
export function temporaryPassword(username: string, policy: Pick<SecurityPolicy, 'passwordMinLength' | 'passwordMinClasses'>): string {
  const length = Math.max(16, policy.passwordMinLength)
  const all = classes.join('')
  for (;;) {
    // One character of each class at a random place, the rest from all of them.
    const chars = Array.from({ length }, () => all[randomInt(all.length)]!)
    const places = new Set<number>()
    while (places.size < classes.length) places.add(randomInt(length))
    let i = 0
    for (const at of places) {
      const set = classes[i++]!
      chars[at] = set[randomInt(set.length)]!
    }
    const password = chars.join('').match(/.{1,4}/g)!.join('-')
    if (!passwordFault(password, username, policy)) return password
  }
}
