/**
 * What `npm run tls` prints after writing the files: how to trust the CA on each system and in
 * Firefox, the hosts-file lines, how to start the service with the certificate, the options for
 * port 443, and how to undo all of it. Pure text, so a test can read it.
 */
import { isIP } from "node:net";

export interface InstructionsInput {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  caName: string;
  caFingerprint: string;
  hosts: string[];
  port: number;
  /** Windows paths in the printed commands when the files were written on Windows. */
  windows?: boolean;
}

/** Hostnames that need a hosts-file line (not IP addresses, not localhost). */
export function hostsToMap(hosts: string[]): string[] {
  return hosts.filter((h) => !isIP(h) && h !== "localhost" && !h.startsWith("*."));
}

export function hostsFileLines(hosts: string[]): string[] {
  const names = hostsToMap(hosts);
  if (names.length === 0) return [];
  return [`127.0.0.1 ${names.join(" ")}   # mitel-mock-sp`, `::1 ${names.join(" ")}   # mitel-mock-sp`];
}

export function tlsInstructions(i: InstructionsInput): string {
  const lines = hostsFileLines(i.hosts);
  const portSuffix = i.port === 443 ? "" : `:${i.port}`;
  return [
    `Wrote to ${i.dir}:`,
    `  ${i.caFile}   the local CA (trust this one; its key stays next to it, keep it private)`,
    `  ${i.certFile}   the server certificate for: ${i.hosts.join(", ")}`,
    `  ${i.keyFile}   its private key`,
    "",
    `CA "${i.caName}", SHA-256 fingerprint`,
    `  ${i.caFingerprint}`,
    "It may sign certificates for the names above only (Name Constraints), nothing else.",
    "",
    "1. Trust the CA in the browser that will run Test this application:",
    "   Windows (PowerShell as administrator):",
    `     certutil -addstore -f Root "${i.caFile}"`,
    "     (or double-click the file > Install Certificate > Local Machine > Trusted Root Certification Authorities)",
    "   macOS:",
    `     sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "${i.caFile}"`,
    "   Linux (Debian/Ubuntu system store, used by curl and most tools):",
    `     sudo cp "${i.caFile}" /usr/local/share/ca-certificates/mitel-mock-sp-local-ca.crt && sudo update-ca-certificates`,
    "   Linux Chrome/Chromium (they read the NSS database; certutil is in libnss3-tools):",
    `     certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "${i.caName}" -i "${i.caFile}"`,
    "   Firefox (its own store): Settings > Privacy & Security > Certificates > View Certificates >",
    `     Authorities > Import... > ${i.caFile} > tick "Trust this CA to identify websites".`,
    "     (On Windows and macOS, security.enterprise_roots.enabled = true in about:config makes",
    "     Firefox use the system store instead.)",
    "",
    "2. Point the Mitel hostnames at this machine in the hosts file",
    "   (Windows: C:\\Windows\\System32\\drivers\\etc\\hosts as administrator; macOS/Linux: /etc/hosts with sudo):",
    ...(lines.length ? lines.map((l) => `     ${l}`) : ["     (no hostnames to map)"]),
    "   Then clear cached lookups: Windows ipconfig /flushdns; macOS sudo dscacheutil -flushcache;",
    "   sudo killall -HUP mDNSResponder; Chrome chrome://net-internals/#dns > Clear host cache.",
    "",
    "3. Start the service with the certificate:",
    `     TLS_CERT_FILE="${i.certFile}" TLS_KEY_FILE="${i.keyFile}" PORT=${i.port} \\`,
    `     PUBLIC_URL=https://localhost${portSuffix} URL_PROFILE=mitel npm start`,
    "   The Mitel URLs have no port, so the browser connects to port 443. Either:",
    '   - listen on 443 (PORT=443): Linux sudo setcap cap_net_bind_service=+ep "$(readlink -f "$(which node)")";',
    "     Docker -p 443:8443 with PORT=8443; Windows and macOS allow it to an administrator/root process;",
    "   - or forward 443 to the service's port:",
    `     Linux   sudo iptables -t nat -A OUTPUT -o lo -p tcp --dport 443 -j REDIRECT --to-ports ${i.port}`,
    `     macOS   echo "rdr pass on lo0 inet proto tcp from any to any port 443 -> 127.0.0.1 port ${i.port}" | sudo pfctl -ef -`,
    `     Windows netsh interface portproxy add v4tov4 listenaddress=127.0.0.1 listenport=443 connectaddress=127.0.0.1 connectport=${i.port}`,
    `   - or keep the high port in every URL (urls.mitel.* with :${i.port}); Entra's gallery app may refuse a port.`,
    "",
    "Undo: delete the lines marked # mitel-mock-sp from the hosts file and clear the caches as above;",
    `remove the CA: Windows certutil -delstore Root "${i.caName}"; macOS sudo security delete-certificate -c "${i.caName}";`,
    `Debian/Ubuntu sudo rm /usr/local/share/ca-certificates/mitel-mock-sp-local-ca.crt && sudo update-ca-certificates --fresh;`,
    `NSS certutil -d sql:$HOME/.pki/nssdb -D -n "${i.caName}"; Firefox: Authorities > select it > Delete or Distrust.`,
    "Undo the port forward: Linux the same iptables line with -D; macOS sudo pfctl -F all -f /etc/pf.conf;",
    "Windows netsh interface portproxy delete v4tov4 listenaddress=127.0.0.1 listenport=443.",
  ].join("\n");
}
