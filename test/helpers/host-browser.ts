import type { Express } from "express";
import request from "supertest";

/**
 * A browser for in-process tests that visits several hostnames (the Mitel-shaped URLs) on one
 * Express app: requests carry the URL's Host header, and cookies are kept per host, as a
 * browser keeps them (supertest's own jar keys cookies by 127.0.0.1 and would mix the hosts).
 */
export class HostBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly app: Express) {}

  get(url: string, headers: Record<string, string> = {}) {
    return this.send("GET", url, undefined, headers);
  }

  postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send("POST", url, form, headers);
  }

  /** Resolves a Location (absolute or relative) against the URL it answered. */
  static follow(from: string, location: string): string {
    return new URL(location, from).href;
  }

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name);
  }

  private async send(
    method: "GET" | "POST",
    url: string,
    form: Record<string, string> | undefined,
    headers: Record<string, string>,
  ) {
    const u = new URL(url);
    const jar = this.jars.get(u.host) ?? new Map<string, string>();
    this.jars.set(u.host, jar);
    let req = (
      method === "GET"
        ? request(this.app).get(u.pathname + u.search)
        : request(this.app).post(u.pathname + u.search)
    )
      .set("Host", u.host)
      .redirects(0);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    if (jar.size > 0) req = req.set("Cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = form ? await req.type("form").send(form) : await req;
    for (const line of (res.headers["set-cookie"] as unknown as string[] | undefined) ?? []) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    return res;
  }
}
