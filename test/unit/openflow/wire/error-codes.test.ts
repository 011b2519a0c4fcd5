import assert from 'node:assert/strict';
import { NX_EXPERIMENTER_ID, OFPET, ONF_EXPERIMENTER_ID, describeError } from '../../../../openflow/wire/index.js';

describe('openflow/wire error names (OpenFlow 1.3.5 §7.4.4)', () => {
  it('names types and codes exactly as the spec', () => {
    assert.deepEqual(describeError(0, 0), { typeName: 'OFPET_HELLO_FAILED', codeName: 'OFPHFC_INCOMPATIBLE' });
    assert.deepEqual(describeError(1, 13), { typeName: 'OFPET_BAD_REQUEST', codeName: 'OFPBRC_MULTIPART_BUFFER_OVERFLOW' });
    assert.deepEqual(describeError(2, 15), { typeName: 'OFPET_BAD_ACTION', codeName: 'OFPBAC_BAD_SET_ARGUMENT' });
    assert.deepEqual(describeError(3, 2), { typeName: 'OFPET_BAD_INSTRUCTION', codeName: 'OFPBIC_BAD_TABLE_ID' });
    assert.deepEqual(describeError(4, 9), { typeName: 'OFPET_BAD_MATCH', codeName: 'OFPBMC_BAD_PREREQ' });
    assert.deepEqual(describeError(5, 7), { typeName: 'OFPET_FLOW_MOD_FAILED', codeName: 'OFPFMFC_BAD_FLAGS' });
    assert.deepEqual(describeError(6, 14), { typeName: 'OFPET_GROUP_MOD_FAILED', codeName: 'OFPGMFC_EPERM' });
    assert.deepEqual(describeError(12, 11), { typeName: 'OFPET_METER_MOD_FAILED', codeName: 'OFPMMFC_OUT_OF_BANDS' });
    assert.deepEqual(describeError(13, 5), { typeName: 'OFPET_TABLE_FEATURES_FAILED', codeName: 'OFPTFFC_EPERM' });
  });

  it('gives every type 0..13 a name and every listed code a distinct name', () => {
    const last = [1, 13, 15, 8, 11, 7, 14, 4, 2, 2, 2, 2, 11, 5];
    for (let t = 0; t <= 13; t++) {
      const names = new Set<string>();
      for (let c = 0; c <= last[t]!; c++) {
        const d = describeError(t, c);
        assert.match(d.typeName, /^OFPET_[A-Z_]+$/);
        assert.doesNotMatch(d.codeName, /UNKNOWN_\d/, `type ${t} code ${c}`);
        names.add(d.codeName);
      }
      assert.equal(names.size, last[t]! + 1);
      assert.match(describeError(t, last[t]! + 1).codeName, /UNKNOWN_\d+$/);
    }
  });

  it('names the ONF bundle errors OVS sends on OpenFlow 1.3 (experimenter ONF, exp_type 2300+)', () => {
    assert.equal(describeError(OFPET.EXPERIMENTER, 2302, ONF_EXPERIMENTER_ID).codeName, 'OFPBFC_BAD_ID');
    assert.equal(describeError(OFPET.EXPERIMENTER, 2313, ONF_EXPERIMENTER_ID).codeName, 'OFPBFC_MSG_FAILED');
    assert.equal(describeError(OFPET.EXPERIMENTER, 2315, ONF_EXPERIMENTER_ID).codeName, 'OFPBFC_BUNDLE_IN_PROGRESS');
    assert.equal(describeError(OFPET.EXPERIMENTER, 2400, ONF_EXPERIMENTER_ID).codeName, 'ONF_ERROR_2400');
    assert.equal(describeError(OFPET.EXPERIMENTER, 6, NX_EXPERIMENTER_ID).typeName, 'OFPET_EXPERIMENTER(NX)');
  });

  it('never throws on values it does not know', () => {
    assert.deepEqual(describeError(99, 3), { typeName: 'OFPET_UNKNOWN_99', codeName: 'CODE_3' });
    assert.equal(describeError(0xffff, 1).typeName, 'OFPET_EXPERIMENTER(?)');
  });
});
