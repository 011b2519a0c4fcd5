/**
 * Request bodies: JSON, or the single-quoted Python-literal dicts the original's clients sent
 * (`{'bgp': {'as_number': '65001'}}`). Those are read by JSON5, a data-only grammar: nothing is
 * ever evaluated, so `__import__('os').system(...)` is merely a syntax error. Python's bare
 * `True`/`False`/`None` are mapped to JSON's literals by a tokenizer that leaves strings alone.
 */
import JSON5 from 'json5';
import type { Context } from 'koa';
import { HttpError } from './http-error.js';

/** Largest accepted body; the biggest legitimate one (POST interface) is under 1 KiB. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Reads and parses the request body; throws HttpError 400/413. */
export async function readBody(ctx: Context, limit = BODY_LIMIT_BYTES): Promise<unknown> {
  const tooLarge = () => {
    // Discard the rest and close, so the client reads our 413 instead of a reset.
    ctx.set('Connection', 'close');
    ctx.req.resume();
    return new HttpError(413, `request body larger than ${limit} bytes`);
  };
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return parseBody(Buffer.concat(chunks).toString('utf8'));
}

/** Parses body text as JSON, else as a Python-literal dict; throws HttpError 400. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') throw new HttpError(400, 'request body is empty');
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the Python-literal reading
  }
  try {
    return JSON5.parse(pythonLiteralsToJson(text));
  } catch {
    throw new HttpError(400, 'request body is neither JSON nor a Python-literal dict');
  }
}

const PYTHON_WORDS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/** Replaces bare True/False/None outside string literals; everything else is left as is. */
function pythonLiteralsToJson(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      out += PYTHON_WORDS[word] ?? word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
