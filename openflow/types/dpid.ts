/** OpenFlow datapath ids: 64-bit, carried as bigint (the high 16 bits are implementer-defined). */

/** A datapath id. */
export type Dpid = bigint;

/** Thrown by {@link parseDpid} for text that is not a datapath id. */
export class DpidParseError extends Error {
  constructor(readonly input: string) {
    super(`not a datapath id: ${JSON.stringify(input)}`);
    this.name = 'DpidParseError';
  }
}

/**
 * Parses a datapath id written as 16 hex digits (`0000000000000001`, as OVS prints it), with
 * optional colons between bytes or a `0x` prefix, or as a decimal number.
 */
export function parseDpid(text: string): Dpid {
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) return BigInt(t);
  if (/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){7}$/.test(t)) return BigInt('0x' + t.replace(/:/g, ''));
  if (/^[0-9a-fA-F]{16}$/.test(t)) return BigInt('0x' + t);
  if (/^[0-9]{1,20}$/.test(t)) {
    const v = BigInt(t);
    if (v <= 0xffffffffffffffffn) return v;
  }
  throw new DpidParseError(text);
}

/** Formats a datapath id as 16 lower-case hex digits, the form OVS and the REST API use. */
export function formatDpid(dpid: Dpid): string {
  return BigInt.asUintN(64, dpid).toString(16).padStart(16, '0');
}
