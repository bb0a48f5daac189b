/**
 * Just enough of a browser for the headless check: fetch with redirects left to the caller and a
 * cookie jar that follows the rules the sign-in depends on. Cookies are kept per host name (the
 * SP on localhost and the simulator on 127.0.0.1 are two sites, as Mitel and Entra are); a
 * cross-site POST carries only SameSite=None cookies and a cross-site GET also Lax ones, as in
 * Chromium; Secure cookies go over https and to localhost / 127.0.0.1 (which browsers trust).
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  sameSite: "strict" | "lax" | "none";
  expiresAt: number | null;
}

export interface PageResponse {
  url: string;
  status: number;
  location: string | null;
  contentType: string;
  headers: Headers;
  body: string;
}

export interface BrowserRequest {
  method?: "GET" | "POST";
  form?: Record<string, string>;
  /** The page the request comes from (a link or form on it): decides which cookies go with it. */
  from?: string;
}

export class BrowserClient {
  private readonly jar = new Map<string, StoredCookie[]>();

  constructor(private readonly timeoutMs = 15_000) {}

  async request(url: string, options: BrowserRequest = {}): Promise<PageResponse> {
    const target = new URL(url);
    const method = options.method ?? "GET";
    const crossSite = options.from !== undefined && new URL(options.from).hostname !== target.hostname;
    const headers: Record<string, string> = {
      accept: "text/html,application/xhtml+xml",
      "user-agent": "mitel-mock-sp-check",
    };
    const cookie = this.cookieHeader(target, method, crossSite);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (options.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(options.form).toString();
      if (options.from) headers.origin = new URL(options.from).origin;
    }
    const res = await fetch(target, {
      method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(this.timeoutMs),
      ...(body === undefined ? {} : { body }),
    });
    for (const line of res.headers.getSetCookie()) this.store(target, line);
    const location = res.headers.get("location");
    return {
      url: target.toString(),
      status: res.status,
      location: location ? new URL(location, target).toString() : null,
      contentType: res.headers.get("content-type") ?? "",
      headers: res.headers,
      body: await res.text(),
    };
  }

  private cookieHeader(target: URL, method: string, crossSite: boolean): string {
    const now = Date.now();
    const trusted = target.protocol === "https:" || isLoopback(target.hostname);
    const cookies = (this.jar.get(target.hostname) ?? []).filter((c) => {
      if (c.expiresAt !== null && c.expiresAt <= now) return false;
      if (c.secure && !trusted) return false;
      if (!pathMatches(target.pathname, c.path)) return false;
      if (!crossSite || c.sameSite === "none") return true;
      return c.sameSite === "lax" && method === "GET";
    });
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  }

  private store(target: URL, line: string): void {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      path: "/",
      secure: false,
      sameSite: "lax",
      expiresAt: null,
    };
    for (const attribute of attributes) {
      const [key = "", value = ""] = attribute.split("=").map((part) => part.trim());
      const lower = key.toLowerCase();
      if (lower === "path" && value.startsWith("/")) cookie.path = value;
      else if (lower === "secure") cookie.secure = true;
      else if (lower === "samesite") {
        const mode = value.toLowerCase();
        if (mode === "strict" || mode === "none") cookie.sameSite = mode;
      } else if (lower === "max-age") cookie.expiresAt = Date.now() + Number(value) * 1000;
      else if (lower === "expires" && cookie.expiresAt === null) cookie.expiresAt = Date.parse(value) || null;
    }
    const kept = (this.jar.get(target.hostname) ?? []).filter(
      (c) => !(c.name === cookie.name && c.path === cookie.path),
    );
    kept.push(cookie);
    this.jar.set(target.hostname, kept);
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (cookiePath === "/" || requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath.endsWith("/") ? cookiePath : `${cookiePath}/`);
}
