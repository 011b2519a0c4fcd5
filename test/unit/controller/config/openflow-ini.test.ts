import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BODIES } from '../../rest/bodies-fixture.js';
import {
  OpenFlowIniError,
  bgpSectionSchema,
  interfaceSectionSchema,
  asn,
  label,
  parseIpv4,
  parseMacAddress,
  parseOpenFlowIni,
  parseRd,
} from '../../../../controller/index.js';

const ORIGINAL = readFileSync(new URL('../../../../pseudo-wan/OpenFlow.ini', import.meta.url), 'utf8');

/** The default file with one line replaced (matched by its key). */
function withLine(key: string, line: string | undefined): string {
  const lines = ORIGINAL.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${key} `));
  assert.ok(i >= 0, key);
  if (line === undefined) lines.splice(i, 1);
  else lines[i] = line;
  return lines.join('\n');
}

/** 1-based line of `key` in the default file. */
function lineOf(key: string): number {
  return ORIGINAL.split('\n').findIndex((l) => l.startsWith(`${key} `)) + 1;
}

function refused(text: string): OpenFlowIniError {
  try {
    parseOpenFlowIni(text);
  } catch (e) {
    assert.ok(e instanceof OpenFlowIniError, String(e));
    return e;
  }
  assert.fail('accepted');
}

describe('controller/config: OpenFlow.ini', () => {
  it('reads the original site A file into the typed configs', () => {
    const ini = parseOpenFlowIni(ORIGINAL);
    assert.deepEqual(ini.bgp, { asNumber: asn(65001), routerId: parseIpv4('10.10.10.1'), labelRange: { start: label(1000), end: label(1999) } });
    assert.deepEqual(ini.interface, {
      port: 1,
      macAddress: parseMacAddress('00:00:00:01:01:01'),
      address: parseIpv4('192.168.0.1'),
      prefixLength: 30,
      oppositeAddress: parseIpv4('192.168.0.2'),
      bgp: { peerAsn: asn(65002), offloadPort: 2, med: 100 },
    });
  });

  it('yields exactly what the REST bodies POST bgp / POST interface yield', () => {
    const ini = parseOpenFlowIni(ORIGINAL);
    assert.deepEqual(ini.bgp, bgpSectionSchema.parse(BODIES.bgp.bgp));
    assert.deepEqual(ini.interface, interfaceSectionSchema.parse(BODIES.uplink.interface));
  });

  it('accepts unquoted values, single quotes and comments (also after values)', () => {
    const text = [
      '# site A',
      '[Bgp]',
      'as_number = 65001   # our AS',
      "router_id = '10.10.10.1' ; id",
      'label_range_start=1000',
      'label_range_end = 1999',
      '',
      '[Port]',
      'port = 1',
      'macaddress = 00:00:00:01:01:01',
      'ipaddress = 192.168.0.1',
      'netmask = 255.255.255.252',
      'opposite_ipaddress = 192.168.0.2',
      'opposite_asnumber = 65002',
      'port_offload_bgp = 2',
      'bgp_med = 100',
      'bgp_local_pref = 200',
      'bgp_filter_asnumber = 65099',
      'vrf_routeDist =',
    ].join('\r\n');
    const ini = parseOpenFlowIni(text);
    assert.deepEqual(parseOpenFlowIni(ORIGINAL).bgp, ini.bgp);
    assert.deepEqual(ini.interface.bgp, { peerAsn: asn(65002), offloadPort: 2, med: 100, localPref: 200, filterAsn: asn(65099) });
  });

  it('a host port section with vrf_routeDist binds the VRF', () => {
    const text = ORIGINAL.replace(/\[Port\][\s\S]*/, [
      '[Port]',
      'port = "3"',
      'macaddress = "00:00:00:00:00:01"',
      'ipaddress = "10.1.0.1"',
      'netmask = "255.255.255.0"',
      'opposite_ipaddress = "10.1.0.2"',
      'vrf_routeDist = "65001:101"',
    ].join('\n'));
    assert.deepEqual(parseOpenFlowIni(text).interface.vrf, parseRd('65001:101'));
  });

  const errors: Array<[string, string, string | undefined, RegExp]> = [
    ['bad router id', 'router_id', 'router_id = "10.10.10.300"', /router id/],
    ['bad AS', 'as_number', 'as_number = "sixty"', /AS number/],
    ['bad macaddress', 'macaddress', 'macaddress = "00:00:00:01:01"', /MAC address/],
    ['bad ipaddress', 'ipaddress', 'ipaddress = "192.168.0.1.1"', /IPv4 address/],
    ['non-contiguous netmask', 'netmask', 'netmask = "255.255.0.255"', /netmask/],
    ['peer outside the subnet', 'opposite_ipaddress', 'opposite_ipaddress = "192.168.1.2"', /outside/],
    ['bad MED', 'bgp_med', 'bgp_med = "-5"', /MED/],
    ['bad RD', 'vrf_routeDist', 'vrf_routeDist = "abc"', /route distinguisher|VRF/],
  ];
  for (const [name, key, line, message] of errors) {
    it(`${name}: error names ${key} and its line`, () => {
      const e = refused(withLine(key, line));
      assert.equal(e.key, key);
      assert.equal(e.line, lineOf(key));
      assert.match(e.message, message);
      assert.ok(e.message.includes(`:${lineOf(key)}:`), e.message);
      assert.ok(e.message.includes(key), e.message);
    });
  }

  it('label range start > end names label_range_end and its line', () => {
    const e = refused(withLine('label_range_start', 'label_range_start = "2000"'));
    assert.equal(e.key, 'label_range_end');
    assert.equal(e.line, lineOf('label_range_end'));
    assert.match(e.message, /2000 > label_range_end 1999/);
  });

  it('an unknown key is refused with its line', () => {
    const e = refused(withLine('bgp_med', 'bgp_mde = "100"'));
    assert.equal(e.key, 'bgp_mde');
    assert.equal(e.line, lineOf('bgp_med'));
    assert.match(e.message, /unknown key "bgp_mde"/);
  });

  it('a key given twice is refused at its second line', () => {
    const text = ORIGINAL.replace('bgp_med = "100"', 'bgp_med = "100"\nbgp_med = "200"');
    const e = refused(text);
    assert.equal(e.key, 'bgp_med');
    assert.equal(e.line, lineOf('bgp_med') + 1);
  });

  it('a missing required key names the key and the section line', () => {
    const e = refused(withLine('router_id', undefined));
    assert.equal(e.key, 'router_id');
    assert.equal(e.line, ORIGINAL.split('\n').indexOf('[Bgp]') + 1);
    assert.match(e.message, /missing field "router_id"/);
  });

  it('an unknown section, a missing section, a key outside sections and garbage lines are refused', () => {
    assert.match(refused(`${ORIGINAL}\n[Vrf]\nroute_dist = "65001:101"\n`).message, /unknown section \[Vrf\]/);
    assert.match(refused(ORIGINAL.replace(/\[Port\][\s\S]*/, '')).message, /missing section \[Port\]/);
    const outside = refused(`as_number = "1"\n${ORIGINAL}`);
    assert.equal(outside.line, 1);
    assert.match(outside.message, /outside any section/);
    const garbage = refused(withLine('bgp_med', 'this is not ini'));
    assert.equal(garbage.line, lineOf('bgp_med'));
  });

  it('the uplink without its peer AS is refused naming opposite_asnumber', () => {
    const e = refused(withLine('opposite_asnumber', 'opposite_asnumber = ""'));
    assert.equal(e.key, 'opposite_asnumber');
    assert.equal(e.line, lineOf('opposite_asnumber'));
  });
});
