/**
 * The CLI's side of a site's REST API (design §2.4): what the original's shell scripts did
 * with curl, through the publisher at 127.0.0.1:PORT.
 */
import { request as httpRequest } from 'node:http';
import { CliError } from '../errors.js';

/** One HTTP exchange with node:http (no keep-alive: the CLI exits right after). */
function exchange(method: string, url: string, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method,
      agent: false,
      headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
}

/** A REST answer other than 2xx. */
export class RestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} → ${status} ${body.slice(0, 300)}`);
    this.name = 'RestError';
  }
}

/** A client for one site's `/openflow/{dpid}/` tree. */
export class RestClient {
  constructor(
    readonly baseUrl: string,
    readonly dpid: string,
  ) {}

  /** Client for a site published on 127.0.0.1:port. */
  static local(port: number, dpid: string): RestClient {
    return new RestClient(`http://127.0.0.1:${port}`, dpid);
  }

  url(path: string): string {
    return `${this.baseUrl}/openflow/${this.dpid}/${path}`;
  }

  /** GET; resolves to the parsed JSON body, throws RestError on non-2xx. */
  get<T = Record<string, unknown>>(path: string, timeoutMs = 10_000): Promise<T> {
    return this.request<T>('GET', path, undefined, timeoutMs);
  }

  /** POST a JSON body; throws RestError (with the server's field-level message) on non-2xx. */
  post<T = Record<string, unknown>>(path: string, body: unknown, timeoutMs = 30_000): Promise<T> {
    return this.request<T>('POST', path, body, timeoutMs);
  }

  /** GET returning the HTTP status only (0 when nothing answers). */
  async status(path: string, timeoutMs = 2000): Promise<number> {
    try {
      return (await exchange('GET', this.url(path), undefined, timeoutMs)).status;
    } catch {
      return 0;
    }
  }

  private async request<T>(method: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
    const url = this.url(path);
    let res: { status: number; text: string };
    try {
      res = await exchange(method, url, body === undefined ? undefined : JSON.stringify(body), timeoutMs);
    } catch (err) {
      throw new CliError(`${method} ${url}: ${(err as Error).message}`);
    }
    const text = res.text;
    if (res.status < 200 || res.status > 299) throw new RestError(method, url, res.status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RestError(method, url, res.status, `not JSON: ${text.slice(0, 100)}`);
    }
  }
}
