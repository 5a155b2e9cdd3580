/**
 * IP addresses and CIDR blocks for the `cidr` filter, IPv4 and IPv6, as 32- or 128-bit integers so
 * that membership is one mask comparison.
 */

/** A parsed address: its bits and whether it is IPv4 (32 bits) or IPv6 (128 bits). */
interface IpAddress {
  readonly bits: bigint;
  readonly width: 32 | 128;
}

/** A parsed CIDR block. */
interface CidrBlock extends IpAddress {
  readonly prefixLength: number;
}

/** Parse a dotted-quad IPv4 or an IPv6 address (with `::` and an optional trailing IPv4); undefined if malformed. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const bits = parseIpv6(text);
    return bits === undefined ? undefined : { bits, width: 128 };
  }
  const bits = parseIpv4(text);
  return bits === undefined ? undefined : { bits, width: 32 };
}

/** Parse `address/length`; a string saying what is wrong when it is not a CIDR block. */
export function parseCidr(text: string): CidrBlock | string {
  const parts = text.split('/');
  if (parts.length !== 2) return "malformed CIDR, one '/' required";
  const [address = '', length = ''] = parts;
  if (!/^\d{1,3}$/.test(length)) return 'malformed CIDR, mask bits must be an integer';
  const ip = parseIp(address);
  if (ip === undefined) return `nonstandard IP address: ${address}`;
  const prefixLength = Number(length);
  if (prefixLength > ip.width) return `malformed CIDR, mask bits must be at most ${ip.width}`;
  return { ...ip, prefixLength };
}

/** True when `address` lies inside `block` (an IPv4 address never lies inside an IPv6 block). */
export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  if (block.width !== address.width) return false;
  const shift = BigInt(block.width - block.prefixLength);
  return block.bits >> shift === address.bits >> shift;
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let bits = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    bits = (bits << 8n) | BigInt(octet);
  }
  return bits;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((bits, group) => (bits << 16n) | BigInt(group), 0n);
}

/** 16-bit groups of one side of `::`; a trailing dotted quad counts as two groups. */
function groups(side: string): number[] | undefined {
  if (side === '') return [];
  const result: number[] = [];
  const parts = side.split(':');
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      result.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      result.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return result;
}
