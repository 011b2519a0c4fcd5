import assert from 'node:assert/strict';
import { encodeBundleAddInto, encodeFlowModInto } from '../../../../openflow/connection/bulk-encode.js';
import { bundleAdd, decodeMessage, encodeMessage, flowMod, OFPBF, type MacAddress } from '../../../../openflow/wire/index.js';

const mod = flowMod({
  tableId: 1,
  priority: 1032,
  cookie: 0xabcn,
  match: [{ field: 'eth_type', value: 0x0800 }, { field: 'metadata', value: 3n }, { field: 'ipv4_dst', value: 0x0a000001 }],
  instructions: [
    {
      type: 'apply_actions',
      actions: [
        { type: 'push_mpls', ethertype: 0x8847 },
        { type: 'set_field', field: { field: 'mpls_label', value: 1234 } },
        { type: 'set_field', field: { field: 'eth_src', value: '02:00:00:00:00:01' as MacAddress } },
        { type: 'output', port: 1, maxLen: 0 },
      ],
    },
  ],
});

describe('openflow/connection/bulk-encode', () => {
  it('frames a flow-mod exactly as the codec encodes it, under the given xid', () => {
    const buf = Buffer.alloc(4096, 0xee);
    const end = encodeFlowModInto(buf, 10, 77, mod);
    const expected = encodeMessage({ ...mod, xid: 77 });
    assert.equal(end, 10 + expected.length);
    assert.deepEqual(buf.subarray(10, end), expected);
    assert.equal(buf[9], 0xee, 'nothing written before pos');
  });

  it('frames an ONF bundle-add exactly as the codec encodes bundleAdd(), inner xid = outer xid', () => {
    const buf = Buffer.alloc(4096);
    const end = encodeBundleAddInto(buf, 0, 99, 5, OFPBF.ATOMIC | OFPBF.ORDERED, mod);
    const expected = encodeMessage(bundleAdd(5, OFPBF.ATOMIC | OFPBF.ORDERED, { ...mod, xid: 99 }));
    assert.deepEqual(buf.subarray(0, end), expected);
    const back = decodeMessage(buf.subarray(0, end));
    assert.equal(back.type, 'bundle_add');
    assert.equal(back.xid, 99);
  });

  it('reports -1 instead of writing past the end', () => {
    const size = encodeMessage({ ...mod, xid: 1 }).length;
    const buf = Buffer.alloc(size + 5, 0xee);
    assert.equal(encodeFlowModInto(buf, 6, 1, mod), -1);
    assert.ok(buf.every((b) => b === 0xee));
    assert.equal(encodeFlowModInto(buf, 5, 1, mod), size + 5);
  });
});
