import { describe, expect, it } from 'vitest'
import { acceptsGzip } from '../../server/tiles/tile-response.ts'

// The cached tile is sent gzipped exactly when Express's req.acceptsEncodings('gzip') (negotiator) would say so.
describe('acceptsGzip', () => {
  it('accepts gzip named or covered by *, with any q above 0, in any case and spacing', () => {
    for (const h of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8, *;q=0.1', 'GZIP', ' deflate , gzip ;q=0.5', '*', 'identity, *;q=0.5']) {
      expect(acceptsGzip(h), h).toBe(true)
    }
  })

  it('refuses gzip without a header, when only others are named, or at q=0 (a named q=0 beats *)', () => {
    for (const h of [undefined, '', 'identity', 'deflate, br', 'gzip;q=0', '*;q=0', 'gzip;q=0, *', 'x-gzip', 'gzip;q=abc']) {
      expect(acceptsGzip(h), String(h)).toBe(false)
    }
  })
})
