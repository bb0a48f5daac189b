/** One prepared POST to the ACS; plain data so it can cross into the load worker thread. */
export interface PreparedPost {
  path: string;
  /** application/x-www-form-urlencoded body (SAMLResponse and RelayState). */
  body: string;
  /** The browser-binding cookie of the browser that started this sign-in. */
  cookie: string;
  /**
   * A successful sign-in ends in a 303 to this Location (the landing page), from the ACS itself
   * or from the /saml/complete hand-over it redirects to.
   */
  expectLocation: string;
}

export interface LoadSpec {
  /** Loopback only. */
  host: "127.0.0.1";
  port: number;
  concurrency: number;
  posts: PreparedPost[];
  /** Stop issuing new requests after this long (the count is the other bound). */
  timeLimitMs: number;
}

export interface LoadResult {
  /** Requests that got an answer (success or error). */
  completed: number;
  errors: number;
  /** A few error descriptions (status, error code) to show what went wrong. */
  errorSamples: string[];
  elapsedMs: number;
  /** Latency of each successful request, in milliseconds, in completion order. */
  latenciesMs: Float64Array;
  timedOut: boolean;
}
