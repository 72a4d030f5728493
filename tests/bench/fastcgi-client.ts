import net from 'node:net'

/**
 * A minimal FastCGI 1.0 client (the responder role), enough to time a FastCGI application such as MapServer's
 * `mapserv` the way a web server talks to it: one connection kept open (FCGI_KEEP_CONN) and one request at a time on
 * it, so that a bench "client" is one connection. Records: BEGIN_REQUEST, PARAMS (then an empty PARAMS), an empty
 * STDIN; the answer is STDOUT (a CGI response: headers, blank line, body) and STDERR records until END_REQUEST.
 */

const VERSION = 1
const BEGIN_REQUEST = 1
const END_REQUEST = 3
const PARAMS = 4
const STDIN = 5
const STDOUT = 6
const STDERR = 7
const RESPONDER = 1
const KEEP_CONN = 1
/** protocolStatus of END_REQUEST: only REQUEST_COMPLETE means the application answered. */
const REQUEST_COMPLETE = 0
const MAX_CONTENT = 65_535

/** One FastCGI answer, its CGI headers parsed: `status` from the Status header, 200 without one. */
export interface FastCgiReply {
  status: number
  headers: Record<string, string>
  body: Buffer
  /** What the application wrote to FCGI_STDERR (MapServer's error messages). */
  stderr: string
  appStatus: number
}

/** A record of `type` for request `id`, padded to a multiple of 8 bytes as the specification recommends. */
function record(type: number, id: number, content: Buffer = Buffer.alloc(0)): Buffer {
  const padding = (8 - (content.length % 8)) % 8
  const header = Buffer.alloc(8)
  header.writeUInt8(VERSION, 0)
  header.writeUInt8(type, 1)
  header.writeUInt16BE(id, 2)
  header.writeUInt16BE(content.length, 4)
  header.writeUInt8(padding, 6)
  return Buffer.concat([header, content, Buffer.alloc(padding)])
}

/** A name-value pair's length: one byte below 128, else four bytes with the high bit set. */
function pairLength(n: number): Buffer {
  if (n < 128) return Buffer.from([n])
  const b = Buffer.alloc(4)
  b.writeUInt32BE((n | 0x80000000) >>> 0)
  return b
}

/** The PARAMS stream of one request: its pairs cut into records of at most 65,535 bytes, then the empty record. */
export function paramsRecords(id: number, params: Record<string, string>): Buffer {
  const body = Buffer.concat(
    Object.entries(params).flatMap(([name, value]) => {
      const n = Buffer.from(name)
      const v = Buffer.from(value)
      return [pairLength(n.length), pairLength(v.length), n, v]
    }),
  )
  const records: Buffer[] = []
  for (let at = 0; at < body.length; at += MAX_CONTENT) records.push(record(PARAMS, id, body.subarray(at, at + MAX_CONTENT)))
  records.push(record(PARAMS, id))
  return Buffer.concat(records)
}

/** Splits a CGI response into status, headers and body (headers end at the first blank line, CRLF or LF). */
export function parseCgiResponse(out: Buffer): { status: number; headers: Record<string, string>; body: Buffer } {
  let end = out.indexOf('\r\n\r\n')
  let skip = 4
  const lf = out.indexOf('\n\n')
  if (lf !== -1 && (end === -1 || lf < end)) {
    end = lf
    skip = 2
  }
  if (end === -1) return { status: 200, headers: {}, body: out }
  const headers: Record<string, string> = {}
  for (const line of out.subarray(0, end).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const status = headers.status ? Number.parseInt(headers.status, 10) : 200
  return { status, headers, body: out.subarray(end + skip) }
}

interface Pending {
  id: number
  stdout: Buffer[]
  stderr: Buffer[]
  resolve: (reply: FastCgiReply) => void
  reject: (err: Error) => void
}

export class FastCgiClient {
  private input: Buffer = Buffer.alloc(0)
  private pending: Pending | null = null
  /** Requests wait for the one before them: the application serves one request per connection at a time. */
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 1
  private closedError: Error | null = null

  private constructor(private socket: net.Socket) {
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    const fail = (err: Error) => {
      this.closedError = err
      this.pending?.reject(err)
      this.pending = null
    }
    socket.on('error', fail)
    socket.on('close', () => fail(this.closedError ?? new Error('the FastCGI application closed the connection')))
  }

  /** Opens one connection to a FastCGI application listening on host:port. */
  static connect(host: string, port: number): Promise<FastCgiClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.off('error', reject)
        resolve(new FastCgiClient(socket))
      })
      socket.once('error', reject)
    })
  }

  /** Sends one request with these CGI parameters (and an optional body) and answers the application's reply. */
  request(params: Record<string, string>, stdin: Buffer = Buffer.alloc(0)): Promise<FastCgiReply> {
    const run = () => this.send(params, stdin)
    const result = this.queue.then(run, run)
    this.queue = result.catch(() => undefined)
    return result
  }

  private send(params: Record<string, string>, stdin: Buffer): Promise<FastCgiReply> {
    if (this.closedError) return Promise.reject(this.closedError)
    const id = this.nextId
    this.nextId = (this.nextId % 0xffff) + 1
    return new Promise((resolve, reject) => {
      this.pending = { id, stdout: [], stderr: [], resolve, reject }
      const begin = Buffer.alloc(8)
      begin.writeUInt16BE(RESPONDER, 0)
      begin.writeUInt8(KEEP_CONN, 2)
      const parts = [record(BEGIN_REQUEST, id, begin), paramsRecords(id, { CONTENT_LENGTH: String(stdin.length), ...params })]
      for (let at = 0; at < stdin.length; at += MAX_CONTENT) parts.push(record(STDIN, id, stdin.subarray(at, at + MAX_CONTENT)))
      parts.push(record(STDIN, id))
      this.socket.write(Buffer.concat(parts))
    })
  }

  private onData(chunk: Buffer) {
    this.input = this.input.length ? Buffer.concat([this.input, chunk]) : chunk
    while (this.input.length >= 8) {
      const type = this.input.readUInt8(1)
      const id = this.input.readUInt16BE(2)
      const length = this.input.readUInt16BE(4)
      const padding = this.input.readUInt8(6)
      if (this.input.length < 8 + length + padding) return
      const content = this.input.subarray(8, 8 + length)
      this.input = this.input.subarray(8 + length + padding)
      const p = this.pending
      // Records of another request id (none are expected on a connection used one request at a time) are ignored.
      if (!p || id !== p.id) continue
      if (type === STDOUT) p.stdout.push(Buffer.from(content))
      else if (type === STDERR) p.stderr.push(Buffer.from(content))
      else if (type === END_REQUEST) {
        this.pending = null
        const appStatus = content.readUInt32BE(0)
        const protocolStatus = content.readUInt8(4)
        if (protocolStatus !== REQUEST_COMPLETE) {
          p.reject(new Error(`FastCGI request refused (protocol status ${protocolStatus})`))
          continue
        }
        const { status, headers, body } = parseCgiResponse(Buffer.concat(p.stdout))
        p.resolve({ status, headers, body, stderr: Buffer.concat(p.stderr).toString('utf8'), appStatus })
      }
    }
  }

  close() {
    this.closedError = new Error('closed')
    this.socket.destroy()
  }
}
