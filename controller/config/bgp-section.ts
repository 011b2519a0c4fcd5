/**
 * The [Bgp] section of OpenFlow.ini and the body of POST bgp: the local speaker's AS, router id
 * and label range. Both produce the same `BgpConfig`.
 */
import { z } from 'zod';
import type { BgpConfig } from '../api.js';
import { asnField, ipv4Field, labelField } from './fields.js';

/** Validates `{as_number, router_id, label_range_start, label_range_end}` into a BgpConfig. */
export const bgpSectionSchema = z
  .strictObject({
    as_number: asnField,
    router_id: ipv4Field('router id'),
    label_range_start: labelField,
    label_range_end: labelField,
  })
  .superRefine((v, ctx) => {
    if (v.label_range_start > v.label_range_end) {
      ctx.addIssue({
        code: 'custom',
        path: ['label_range_end'],
        message: `label range is empty: label_range_start ${v.label_range_start} > label_range_end ${v.label_range_end}`,
      });
    }
  })
  .transform(
    (v): BgpConfig => ({
      asNumber: v.as_number,
      routerId: v.router_id,
      labelRange: { start: v.label_range_start, end: v.label_range_end },
    }),
  );

/** The keys of the [Bgp] section, in the original's order. */
export const BGP_SECTION_KEYS = Object.keys(bgpSectionSchema.in.shape);
