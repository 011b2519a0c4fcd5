/**
 * The one door from controller/ into openflow/. Every controller module imports OpenFlow names
 * from here, so the layering rule (controller imports only openflow/index.ts) is kept in one line.
 */
declare const macBrand: unique symbol;
/** A MAC address, lower-case colon-separated. */
export type MacAddress = string & { readonly [macBrand]: true };

/** Parses `00:00:00:01:01:01`. */
export function parseMac(text: string): MacAddress {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text)) throw new Error(`invalid MAC address: ${text}`);
  return text.toLowerCase() as MacAddress;
}

/** Formats a MAC address. */
export function formatMac(mac: MacAddress): string {
  return mac;
}
