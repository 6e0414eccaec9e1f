import "server-only";
import dns from "node:dns/promises";
import net from "node:net";
import { RegistryError } from "../errors";

// Cloud metadata endpoints: refused always, even with MREG_WEBHOOK_ALLOW_PRIVATE=1, since
// a webhook that reads them hands out the instance's credentials.
const METADATA = new net.BlockList();
METADATA.addAddress("169.254.169.254", "ipv4");
METADATA.addAddress("169.254.170.2", "ipv4");
METADATA.addAddress("fd00:ec2::254", "ipv6");

// Loopback, private, link-local, carrier-grade NAT, "this network", multicast and reserved.
const PRIVATE = new net.BlockList();
for (const [a, p] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) {
  PRIVATE.addSubnet(a, p, "ipv4");
}
for (const [a, p] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96]] as const) {
  PRIVATE.addSubnet(a, p, "ipv6");
}

export const allowPrivateTargets = () => process.env.MREG_WEBHOOK_ALLOW_PRIVATE === "1";
export const allowHttpTargets = () => process.env.MREG_WEBHOOK_ALLOW_HTTP === "1" || allowPrivateTargets();

/** Why an address may not be a webhook target, or null when it may. */
export function refusedAddress(ip: string): string | null {
  let family: "ipv4" | "ipv6" = net.isIPv4(ip) ? "ipv4" : "ipv6";
  let addr = ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip); // IPv4-mapped IPv6 is the IPv4 address
  if (mapped) { addr = mapped[1]; family = "ipv4"; }
  if (METADATA.check(addr, family)) return `${ip} is a cloud metadata address`;
  if (!allowPrivateTargets() && PRIVATE.check(addr, family)) {
    return `${ip} is a loopback, private or link-local address (set MREG_WEBHOOK_ALLOW_PRIVATE=1 to allow)`;
  }
  return null;
}

/**
 * Checks a target URL's scheme and resolves its host, refusing it when any address it
 * resolves to is refused. Returns the address the delivery must connect to: the one
 * checked here, so a DNS answer that changes between check and connect (rebinding)
 * cannot move the request somewhere else.
 */
export async function resolveTarget(url: string): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  let u: URL;
  try { u = new URL(url); } catch { throw new RegistryError("INVALID", `"${url}" is not a URL.`, { url: "Not a URL." }); }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && allowHttpTargets())) {
    throw new RegistryError("INVALID", "Webhook URLs must use https (http needs MREG_WEBHOOK_ALLOW_HTTP=1 on the server).", { url: "Must be https." });
  }
  if (u.username || u.password) throw new RegistryError("INVALID", "Webhook URLs cannot carry a user name or password.", { url: "No credentials in the URL." });
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try { addresses = await dns.lookup(host, { all: true, verbatim: true }); } catch {
      throw new RegistryError("INVALID", `The host "${host}" of the webhook URL does not resolve.`, { url: "Host does not resolve." });
    }
  }
  for (const a of addresses) {
    const why = refusedAddress(a.address);
    if (why) throw new RegistryError("INVALID", `Webhook target refused: ${host} resolves to ${why}.`, { url: "Refused target address." });
  }
  if (!addresses.length) throw new RegistryError("INVALID", `The host "${host}" has no address.`, { url: "Host does not resolve." });
  return { url: u, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
