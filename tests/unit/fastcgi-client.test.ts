import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { FastCgiClient, paramsRecords, parseCgiResponse } from '../bench/fastcgi-client.ts'

/** Reads a PARAMS stream's name-value pairs (FastCGI 1.0, section 3.4), as an application does. */
function decodePairs(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let at = 0
  const len = () => {
    if (body[at]! < 128) return body[at++]!
    const n = body.readUInt32BE(at) & 0x7fffffff
    at += 4
    return n
  }
  while (at < body.length) {
    const n = len()
    const v = len()
    const name = body.subarray(at, at + n).toString()
    at += n
    out[name] = body.subarray(at, at + v).toString()
    at += v
  }
  return out
}

function record(type: number, id: number, content: Buffer): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt8(1, 0)
  h.writeUInt8(type, 1)
  h.writeUInt16BE(id, 2)
  h.writeUInt16BE(content.length, 4)
  return Buffer.concat([h, content])
}

/**
 * A FastCGI responder on a local port, written from the specification: it answers each request with its
 * QUERY_STRING and the length of its body, split over two STDOUT records, with a line on STDERR.
 */
function startResponder(): Promise<{ port: number; connections: () => number; close: () => void }> {
  let connections = 0
  const server = net.createServer((socket) => {
    connections++
    let input = Buffer.alloc(0)
    let params: Buffer[] = []
    let stdin: Buffer[] = []
    let keep = false
    socket.on('data', (chunk) => {
      input = Buffer.concat([input, chunk])
      while (input.length >= 8) {
        const type = input.readUInt8(1)
        const id = input.readUInt16BE(2)
        const length = input.readUInt16BE(4)
        const padding = input.readUInt8(6)
        if (input.length < 8 + length + padding) return
        const content = input.subarray(8, 8 + length)
        input = input.subarray(8 + length + padding)
        if (type === 1) {
          keep = (content.readUInt8(2) & 1) === 1
          params = []
          stdin = []
        } else if (type === 4) params.push(Buffer.from(content))
        else if (type === 5 && length > 0) stdin.push(Buffer.from(content))
        else if (type === 5) {
          const p = decodePairs(Buffer.concat(params))
          const text = `query=${p.QUERY_STRING} body=${Buffer.concat(stdin).length} long=${(p.LONG ?? '').length}`
          const out = Buffer.from(`Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\n${text}`)
          const end = Buffer.alloc(8)
          end.writeUInt32BE(7, 0)
          socket.write(Buffer.concat([
            record(6, id, out.subarray(0, 10)), record(6, id, out.subarray(10)), record(7, id, Buffer.from('a warning')),
            record(6, id, Buffer.alloc(0)), record(3, id, end),
          ]))
          if (!keep) socket.end()
        }
      }
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      port: (server.address() as net.AddressInfo).port,
      connections: () => connections,
      close: () => server.close(),
    }))
  })
}

describe('the bench FastCGI client', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => cleanups.splice(0).forEach((c) => c()))

  it('encodes name-value lengths of 128 bytes and more in four bytes with the high bit set', () => {
    const recs = paramsRecords(1, { A: 'x'.repeat(127), LONG: 'y'.repeat(300) })
    const content = recs.subarray(8, 8 + recs.readUInt16BE(4))
    expect(decodePairs(content)).toEqual({ A: 'x'.repeat(127), LONG: 'y'.repeat(300) })
    // After A's pair (1 + 1 + 1 + 127 bytes) and LONG's name length (1 byte): its value length 300 as 0x8000012c.
    expect(content.readUInt32BE(1 + 1 + 1 + 127 + 1)).toBe(0x8000012c)
    // The stream ends with an empty PARAMS record.
    expect(recs.subarray(recs.length - 8).readUInt16BE(4)).toBe(0)
  })

  it('splits a CGI response at the first blank line and reads its Status header', () => {
    expect(parseCgiResponse(Buffer.from('Content-Type: a/b\r\nStatus: 500 Oops\r\n\r\nbody\r\n\r\nmore'))).toEqual({
      status: 500, headers: { 'content-type': 'a/b', status: '500 Oops' }, body: Buffer.from('body\r\n\r\nmore'),
    })
    expect(parseCgiResponse(Buffer.from('Content-Type: a/b\n\nx')).body.toString()).toBe('x')
  })

  it('serves several requests one after another on one kept-open connection', async () => {
    const app = await startResponder()
    cleanups.push(app.close)
    const client = await FastCgiClient.connect('127.0.0.1', app.port)
    cleanups.push(() => client.close())
    const body = Buffer.alloc(70_000, 1) // more than one STDIN record
    const [a, b, c] = await Promise.all([
      client.request({ QUERY_STRING: 'one' }),
      client.request({ QUERY_STRING: 'two', LONG: 'z'.repeat(200) }, body),
      client.request({ QUERY_STRING: 'three' }),
    ])
    expect(a!.body.toString()).toBe('query=one body=0 long=0')
    expect(b!.body.toString()).toBe('query=two body=70000 long=200')
    expect(c!.body.toString()).toBe('query=three body=0 long=0')
    expect(a).toMatchObject({ status: 404, headers: { 'content-type': 'text/plain' }, stderr: 'a warning', appStatus: 7 })
    expect(app.connections()).toBe(1)
  })

  it('rejects the request in flight when the application closes the connection', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.destroy()))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => server.close())
    const client = await FastCgiClient.connect('127.0.0.1', (server.address() as net.AddressInfo).port)
    await expect(client.request({ QUERY_STRING: 'x' })).rejects.toThrow(/closed the connection/)
    await expect(client.request({ QUERY_STRING: 'y' })).rejects.toThrow()
  })
})
