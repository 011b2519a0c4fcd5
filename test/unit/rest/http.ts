/** A tiny HTTP client for the REST tests: raw text bodies, so non-JSON bodies can be sent. */

/** A response: status and parsed JSON body (or the raw text if it is not JSON). */
export interface Reply {
  status: number;
  body: any;
}

/** Sends `body` (an object is JSON-encoded; a string is sent as is). */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(base + path, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}

/** Path under the fake's dpid. */
export const P = (rest: string) => `/openflow/0000000000000001/${rest}`;
