import assert from 'node:assert/strict';
import { asn, type Asn } from '../../../../bgp/types/index.js';
import type { AsPathSegment } from '../../../../bgp/rib/index.js';
import { firstAs, importLocalPref, matchesImportLocalPref } from '../../../../bgp/policy/index.js';

const seg = (type: AsPathSegment['type'], ...asns: number[]): AsPathSegment => ({ type, asns: asns.map(asn) });

describe('bgp/policy local-pref import policy', () => {
  describe('firstAs', () => {
    it('is the leftmost AS of a leading AS_SEQUENCE', () => {
      assert.equal(firstAs([seg('sequence', 65002, 65010), seg('set', 1, 2)]), 65002);
    });
    it('is undefined for an empty path and for an empty first sequence', () => {
      assert.equal(firstAs([]), undefined);
      assert.equal(firstAs([seg('sequence')]), undefined);
    });
    it('is undefined when the path starts with an AS_SET (unordered: no first AS)', () => {
      assert.equal(firstAs([seg('set', 65002, 65003), seg('sequence', 65002)]), undefined);
    });
    it('skips leading confederation segments', () => {
      assert.equal(firstAs([seg('confed-sequence', 64512), seg('confed-set', 64513), seg('sequence', 65002)]), 65002);
      assert.equal(firstAs([seg('confed-sequence', 64512), seg('set', 65002)]), undefined);
    });
    it('keeps 4-octet AS numbers whole', () => {
      assert.equal(firstAs([seg('sequence', 4200000001, 65002)]), 4200000001);
    });
  });

  describe('importLocalPref', () => {
    const policy = (localPref: number, whenFirstAs?: number) => ({ localPref, ...(whenFirstAs !== undefined && { whenFirstAs: asn(whenFirstAs) as Asn }) });

    it('first AS matches: the configured value replaces the received one', () => {
      assert.equal(importLocalPref(policy(200, 65002), [seg('sequence', 65002, 65010)], 100), 200);
      assert.equal(importLocalPref(policy(200, 65002), [seg('sequence', 65002)], undefined), 200);
    });
    it('first AS does not match (even if the AS appears later): the received value stays', () => {
      assert.equal(importLocalPref(policy(200, 65010), [seg('sequence', 65002, 65010)], 150), 150);
      assert.equal(importLocalPref(policy(200, 65010), [seg('sequence', 65002, 65010)], undefined), undefined);
    });
    it('an AS_SET first segment never matches, even when it holds the AS', () => {
      assert.equal(matchesImportLocalPref(policy(200, 65002), [seg('set', 65002)]), false);
      assert.equal(importLocalPref(policy(200, 65002), [seg('set', 65002)], undefined), undefined);
    });
    it('an empty path never matches a filter AS', () => {
      assert.equal(importLocalPref(policy(200, 65002), [], 120), 120);
    });
    it('4-octet filter AS: matches exactly, not modulo 2^16', () => {
      assert.equal(importLocalPref(policy(300, 4200000001), [seg('sequence', 4200000001)], undefined), 300);
      assert.equal(importLocalPref(policy(300, 4200000001), [seg('sequence', 4200000001 % 65536)], undefined), undefined);
    });
    it('without a filter AS every route gets the value, an empty path too', () => {
      assert.equal(importLocalPref(policy(250), [seg('set', 1)], 100), 250);
      assert.equal(importLocalPref(policy(250), [], undefined), 250);
    });
    it('no policy: the received value', () => {
      assert.equal(importLocalPref(undefined, [seg('sequence', 65002)], 90), 90);
      assert.equal(importLocalPref(undefined, [], undefined), undefined);
    });
  });
});
