/**
 * OpenFlow.ini, the original's site configuration (design §2.1): a [Bgp] section (the local
 * speaker) and a [Port] section (the uplink interface). Values may be quoted (the original
 * quoted every one) or bare, with `#`/`;` comments. The values are read with the `ini` package;
 * the raw text is scanned as well, because every error must name its key AND line, and the
 * file is refused as a whole before anything starts.
 */
import { readFile } from 'node:fs/promises';
import ini from 'ini';
import type { ZodType } from 'zod';
import type { BgpConfig, InterfaceConfig } from '../api.js';
import { BGP_SECTION_KEYS, bgpSectionSchema } from './bgp-section.js';
import { INTERFACE_SECTION_KEYS, interfaceSectionSchema } from './interface-section.js';
import { firstProblem } from './issues.js';

/** The typed content of OpenFlow.ini: what POST bgp and POST interface (the uplink) would carry. */
export interface OpenFlowIni {
  readonly bgp: BgpConfig;
  readonly interface: InterfaceConfig;
}

/** A refused OpenFlow.ini; `line` is 1-based. */
export class OpenFlowIniError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'OpenFlowIniError';
  }
}

const SECTIONS = { Bgp: BGP_SECTION_KEYS, Port: INTERFACE_SECTION_KEYS } as const;
type SectionName = keyof typeof SECTIONS;

interface Layout {
  /** 1-based line of each section header. */
  readonly sections: Map<SectionName, number>;
  /** 1-based line of each key, by section. */
  readonly keys: Map<SectionName, Map<string, number>>;
  /** The text with inline comments removed, for `ini`. */
  readonly cleaned: string;
}

/** Parses OpenFlow.ini text; throws OpenFlowIniError naming the file, line and key. */
export function parseOpenFlowIni(text: string, source = 'OpenFlow.ini'): OpenFlowIni {
  const layout = scan(text, source);
  const values = ini.parse(layout.cleaned) as Record<string, Record<string, unknown>>;
  const bgp = section(values, layout, 'Bgp', bgpSectionSchema, source);
  const port = section(values, layout, 'Port', interfaceSectionSchema, source);
  return { bgp, interface: port };
}

/** Reads and parses an OpenFlow.ini file. */
export async function readOpenFlowIni(path: string): Promise<OpenFlowIni> {
  return parseOpenFlowIni(await readFile(path, 'utf8'), path);
}

function section<T>(
  values: Record<string, Record<string, unknown>>,
  layout: Layout,
  name: SectionName,
  schema: ZodType<T>,
  source: string,
): T {
  const headerLine = layout.sections.get(name);
  if (headerLine === undefined) throw new OpenFlowIniError(`${source}: missing section [${name}]`);
  const raw: Record<string, unknown> = { ...(values[name] ?? {}) };
  // `ini` turns bare true/false/null into non-strings; give the schema the text back.
  for (const [k, v] of Object.entries(raw)) if (typeof v !== 'string') raw[k] = String(v);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problem = firstProblem(result.error);
  const key = problem.key;
  const line = (key !== undefined && layout.keys.get(name)?.get(key)) || headerLine;
  throw new OpenFlowIniError(`${source}:${line}: [${name}] ${key ?? ''}: ${problem.message}`, line, key);
}

function scan(text: string, source: string): Layout {
  const sections = new Map<SectionName, number>();
  const keys = new Map<SectionName, Map<string, number>>();
  const cleaned: string[] = [];
  let current: SectionName | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const content = stripComment(rawLine).trim();
    cleaned.push(content);
    if (content === '') return;
    const header = /^\[([^\]]*)\]$/.exec(content);
    if (header) {
      const name = header[1]!.trim();
      if (!(name in SECTIONS)) {
        throw new OpenFlowIniError(`${source}:${line}: unknown section [${name}] (expected [Bgp] or [Port])`, line);
      }
      current = name as SectionName;
      if (sections.has(current)) throw new OpenFlowIniError(`${source}:${line}: section [${name}] appears twice`, line);
      sections.set(current, line);
      keys.set(current, new Map());
      return;
    }
    const assignment = /^([^=\s]+)\s*=/.exec(content);
    if (!assignment) throw new OpenFlowIniError(`${source}:${line}: expected "key = value", got ${JSON.stringify(content)}`, line);
    const key = assignment[1]!;
    if (current === undefined) throw new OpenFlowIniError(`${source}:${line}: key "${key}" outside any section`, line, key);
    if (!SECTIONS[current].includes(key)) {
      throw new OpenFlowIniError(
        `${source}:${line}: [${current}] unknown key "${key}" (expected one of ${SECTIONS[current].join(', ')})`,
        line,
        key,
      );
    }
    const seen = keys.get(current)!;
    if (seen.has(key)) throw new OpenFlowIniError(`${source}:${line}: [${current}] key "${key}" appears twice`, line, key);
    seen.set(key, line);
  });
  return { sections, keys, cleaned: cleaned.join('\n') };
}

/** Drops a `#` or `;` comment that starts a line or follows whitespace outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if ((c === '#' || c === ';') && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}
