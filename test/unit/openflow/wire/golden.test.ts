/**
 * Golden bytes captured from a real OVS 3.1 (test/fixtures/openflow/capture.ts): every frame
 * decodes to the recorded object and that object encodes back to the very same bytes. The
 * recorded tshark dissection is an independent reader: message type, xid, error names and
 * the OXM fields in wire order must agree with it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeMessage,
  describeError,
  encodeMessage,
  isReplyMore,
  mergeMultipartReplies,
  type Action,
  type MultipartReplyMessage,
  type Instruction,
  type OfMessage,
  type OxmField,
} from '../../../../openflow/wire/index.js';
import { fromFixtureJson, type Fixture } from '../../../fixtures/openflow/fixture-json.js';

const DIR = join(import.meta.dirname, '../../../fixtures/openflow/golden');
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture);

function oxmName(f: OxmField): string | undefined {
  return f.field === 'unknown' ? undefined : `OFPXMT_OFB_${f.field.toUpperCase()}`;
}

function actionOxms(actions: readonly Action[]): OxmField[] {
  return actions.flatMap((a) => (a.type === 'set_field' ? [a.field] : []));
}

function instructionOxms(list: readonly Instruction[]): OxmField[] {
  return list.flatMap((i) => (i.type === 'apply_actions' || i.type === 'write_actions' ? actionOxms(i.actions) : []));
}

/** OXM fields in wire order, as tshark lists them, for the messages that carry them. */
function oxmsInWireOrder(m: OfMessage): OxmField[] | undefined {
  switch (m.type) {
    case 'flow_mod':
      return [...m.match, ...instructionOxms(m.instructions)];
    case 'packet_in':
    case 'flow_removed':
      return [...m.match];
    case 'packet_out':
      return actionOxms(m.actions);
    case 'multipart_reply':
      return m.body.kind === 'flow' ? m.body.flows.flatMap((f) => [...f.match, ...instructionOxms(f.instructions)]) : undefined;
    default:
      return undefined;
  }
}

const hex64 = (v: bigint): string => '0x' + v.toString(16).padStart(16, '0');

/** Field values tshark prints for the messages we model, in its wording. */
function expectedTsharkLines(m: OfMessage): string[] {
  switch (m.type) {
    case 'features_reply':
      return [`datapath_id: ${hex64(m.datapathId)}`, `n_tables: ${m.nTables}`, `n_buffers: ${m.nBuffers}`];
    case 'flow_mod':
      return [`Cookie: ${hex64(m.cookie)}`, `Cookie mask: ${hex64(m.cookieMask)}`, `Priority: ${m.priority}`, m.tableId === 0xff ? 'Table ID: OFPTT_ALL (255)' : `Table ID: ${m.tableId}`, `Idle timeout: ${m.idleTimeout}`];
    case 'packet_in':
      return [`Total length: ${m.totalLen}`, `Cookie: ${hex64(m.cookie)}`, `Table ID: ${m.tableId}`];
    case 'port_status':
      return [`Name: ${m.port.name}`, `Hw addr: ${m.port.hwAddr} (${m.port.hwAddr})`];
    case 'multipart_reply':
      switch (m.body.kind) {
        case 'port_desc':
          return m.body.ports.flatMap((p) => [`Name: ${p.name}`, `Hw addr: ${p.hwAddr} (${p.hwAddr})`]);
        case 'desc':
          return [`Manufacturer desc.: ${m.body.mfrDesc}`, `Hardware desc.: ${m.body.hwDesc}`, `Software desc.: ${m.body.swDesc}`];
        case 'flow':
          return m.body.flows.flatMap((f) => [`Priority: ${f.priority}`, `Cookie: ${hex64(f.cookie)}`]);
        default:
          return [];
      }
    default:
      return [];
  }
}

describe('openflow/wire golden bytes from real OVS', () => {
  it('has fixtures from both ovs-vswitchd and ovs-ofctl', () => {
    const senders = new Set(fixtures.flatMap((f) => f.frames.map((x) => x.from)));
    assert.ok(senders.has('ovs-vswitchd') && senders.has('ovs-ofctl') && senders.has('controller'));
    assert.ok(fixtures.length >= 20);
  });

  it('merges the FLOW reply ovs-vswitchd split with OFPMPF_REPLY_MORE back into every flow', () => {
    const fx = fixtures.find((f) => f.scenario === 'vswitchd-flow-stats-split')!;
    const parts = fx.frames.map((f) => decodeMessage(Buffer.from(f.hex, 'hex'))).filter((m): m is MultipartReplyMessage => m.type === 'multipart_reply');
    assert.ok(parts.length >= 2, 'the reply came in several parts');
    parts.forEach((p, i) => assert.equal(isReplyMore(p), i < parts.length - 1));
    const merged = mergeMultipartReplies(parts);
    assert.equal(merged.body.kind, 'flow');
    if (merged.body.kind !== 'flow') return;
    const cookies = merged.body.flows.map((f) => Number(f.cookie)).sort((a, b) => a - b);
    assert.equal(cookies.length, 600);
    assert.deepEqual(cookies, Array.from({ length: 600 }, (_, i) => 0x1000 + i));
  });

  for (const fx of fixtures) {
    describe(`${fx.scenario}: ${fx.description}`, () => {
      fx.frames.forEach((frame, i) => {
        const bytes = Buffer.from(frame.hex, 'hex');
        const expected = fromFixtureJson(frame.decoded) as OfMessage;
        it(`#${i} ${frame.from} ${expected.type}: decode → recorded object, encode → same bytes`, () => {
          const decoded = decodeMessage(bytes);
          assert.deepStrictEqual(decoded, expected);
          assert.equal(encodeMessage(expected).toString('hex'), frame.hex);
        });

        // The capture leaves tshark's text out only for frames over 16 KiB (see capture.ts).
        if (frame.tshark.length === 0) {
          it(`#${i} has no tshark annotation only because it is large`, () => assert.ok(bytes.length > 16384));
          return;
        }
        it(`#${i} agrees with tshark's openflow_v4 dissector`, () => {
          const m = decodeMessage(bytes);
          const t = frame.tshark;
          const typeLine = t.find((l) => /^ {4}Type: OFPT_/.test(l));
          assert.ok(typeLine, 'tshark names the message type');
          assert.equal(Number(/\((\d+)\)/.exec(typeLine)![1]), bytes[1]);
          assert.ok(t.includes(`    Transaction ID: ${m.xid}`), `xid ${m.xid}`);
          if (m.type === 'error' && m.errType !== 0xffff) {
            const names = describeError(m.errType, m.code);
            assert.ok(t.some((l) => l.includes(`Type: ${names.typeName} (${m.errType})`)), names.typeName);
            assert.ok(t.some((l) => l.includes(`Code: ${names.codeName} (${m.code})`)), names.codeName);
          }
          for (const line of expectedTsharkLines(m)) assert.ok(t.some((l) => l.trim() === line), `tshark shows "${line}"`);
          const oxms = oxmsInWireOrder(m);
          if (oxms) {
            const ours = oxms.map(oxmName);
            // tshark's value_string misspells field 36 as OFPXMT_OFP_MPLS_BOS.
            const theirs = t
              .filter((l) => /Field: OFPXMT_OF[BP]_/.test(l))
              .map((l) => /Field: (\S+)/.exec(l)![1]!.replace('OFPXMT_OFP_MPLS_BOS', 'OFPXMT_OFB_MPLS_BOS'));
            // tshark names only OFPXMC_OPENFLOW_BASIC fields; we keep the others as `unknown`.
            assert.deepEqual(theirs, ours.filter((n) => n !== undefined));
          }
        });
      });
    });
  }
});
