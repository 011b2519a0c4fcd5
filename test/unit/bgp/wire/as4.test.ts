/** RFC 6793: 4-octet AS toward 2-octet peers — AS_TRANS, AS4_PATH/AS4_AGGREGATOR, merge on receipt. */
import { strict as assert } from 'node:assert';
import { AS_TRANS, asn, parseIpv4, type Asn } from '../../../../bgp/types/index.js';
import {
  asPathLength,
  buildAs4Path,
  decodeMessage,
  effectivePath,
  encodeMessage,
  mergeAs4Path,
  type AsPathSegment,
  type UpdateMessage,
} from '../../../../bgp/wire/index.js';

const seq = (...asns: number[]): AsPathSegment => ({ type: 'sequence', asns: asns.map((a) => asn(a)) });
const set = (...asns: number[]): AsPathSegment => ({ type: 'set', asns: asns.map((a) => asn(a)) });

describe('bgp/wire 4-octet AS (RFC 6793)', () => {
  const announce: UpdateMessage = {
    type: 'update',
    withdrawn: [],
    nlri: [{ address: parseIpv4('192.0.2.0'), length: 24 }],
    attributes: {
      origin: 'igp',
      asPath: [seq(4200000001, 65010)],
      nextHop: parseIpv4('10.0.0.1'),
      aggregator: { asn: 4200000001 as Asn, address: parseIpv4('10.0.0.9') },
    },
  };

  it('toward a 2-octet peer writes AS_TRANS and adds AS4_PATH and AS4_AGGREGATOR', () => {
    const bytes = encodeMessage(announce, { fourOctetAs: false });
    const back = decodeMessage(bytes, { fourOctetAs: false });
    assert.ok(back.type === 'update');
    assert.deepEqual(back.attributes.asPath, [seq(AS_TRANS, 65010)]);
    assert.deepEqual(back.attributes.as4Path, [seq(4200000001, 65010)]);
    assert.equal(back.attributes.aggregator?.asn, AS_TRANS);
    assert.equal(back.attributes.as4Aggregator?.asn, 4200000001);
    // The receiving side rebuilds the real path and aggregator.
    const eff = effectivePath(back.attributes, false);
    assert.deepEqual(eff.asPath, [seq(4200000001, 65010)]);
    assert.equal(eff.aggregator?.asn, 4200000001);
  });

  it('toward a 4-octet peer writes the ASNs as they are and no AS4_PATH', () => {
    const back = decodeMessage(encodeMessage(announce, { fourOctetAs: true }), { fourOctetAs: true });
    assert.ok(back.type === 'update');
    assert.deepEqual(back.attributes.asPath, [seq(4200000001, 65010)]);
    assert.equal(back.attributes.as4Path, undefined);
  });

  it('adds nothing when every ASN fits in 2 octets', () => {
    const small: UpdateMessage = { ...announce, attributes: { ...announce.attributes, asPath: [seq(65001)], aggregator: undefined } };
    const back = decodeMessage(encodeMessage(small, { fourOctetAs: false }), { fourOctetAs: false });
    assert.ok(back.type === 'update');
    assert.equal(back.attributes.as4Path, undefined);
    assert.equal(buildAs4Path([seq(65001)]), undefined);
  });

  it('merges per §4.2.3: leading 2-octet ASNs the AS4_PATH does not cover are kept', () => {
    // A 2-octet speaker (65005) prepended itself after the path left the 4-octet world.
    const asPath = [seq(65005, AS_TRANS, 65010)];
    const as4Path = [seq(4200000001, 65010)];
    assert.deepEqual(mergeAs4Path(asPath, as4Path), [seq(65005), seq(4200000001, 65010)]);
  });

  it('ignores an AS4_PATH longer than the AS_PATH (§4.2.3)', () => {
    assert.deepEqual(mergeAs4Path([seq(AS_TRANS)], [seq(4200000001, 4200000002)]), [seq(AS_TRANS)]);
  });

  it('counts a set as one and confederation segments as none (RFC 4271 §9.1.2.2, RFC 5065)', () => {
    assert.equal(asPathLength([seq(1, 2, 3), set(4, 5), { type: 'confed-sequence', asns: [asn(6)] }]), 4);
  });

  it('leaves confederation segments out of AS4_PATH (§4.2.2)', () => {
    assert.deepEqual(buildAs4Path([{ type: 'confed-sequence', asns: [asn(4200000009)] }, seq(4200000001)]), [seq(4200000001)]);
  });

  it('splits segments longer than 255 ASNs', () => {
    const long = seq(...Array.from({ length: 300 }, (_, i) => i + 1));
    const u: UpdateMessage = { ...announce, attributes: { ...announce.attributes, asPath: [long], aggregator: undefined } };
    const back = decodeMessage(encodeMessage(u, { fourOctetAs: true }), { fourOctetAs: true });
    assert.ok(back.type === 'update');
    assert.deepEqual(back.attributes.asPath?.map((s) => s.asns.length), [255, 45]);
    assert.equal(asPathLength(back.attributes.asPath!), 300);
  });
});
