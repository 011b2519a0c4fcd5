/**
 * RFC 4724 §2 End-of-RIB markers: for IPv4 unicast an UPDATE with no withdrawn routes, no
 * attributes and no NLRI; for any other family an UPDATE whose only attribute is an
 * MP_UNREACH_NLRI of that family with no withdrawn routes.
 */
import { AFI_IPV4, SAFI_UNICAST, type Family, type MpUnreach, type UpdateMessage } from '../wire/index.js';

/** The family whose End-of-RIB this UPDATE is, or undefined if it is an ordinary UPDATE. */
export function endOfRibFamily(u: UpdateMessage): Family | undefined {
  if (u.withdrawn.length > 0 || u.nlri.length > 0 || u.treatAsWithdraw) return undefined;
  const present = Object.entries(u.attributes).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  if (present.length === 0) return { afi: AFI_IPV4, safi: SAFI_UNICAST };
  if (present.length === 1 && present[0][0] === 'mpUnreach') {
    const unreach = present[0][1] as MpUnreach;
    // Every kind's `withdrawn` has a length: a decoded list, or the raw kind's undecoded bytes.
    if (unreach.withdrawn.length === 0) return { afi: unreach.afi, safi: unreach.safi };
  }
  return undefined;
}

