/**
 * Connection reuse. client-node builds a fresh, non-keep-alive Agent for every request it authenticates, so each
 * call would open (and for TLS, handshake) a new connection. The pool keeps one keep-alive Agent per set of
 * connection settings (TLS material, server name, verification) and swaps it when they change, e.g. when an exec
 * plugin hands out a new client certificate. Proxy agents are reused as built.
 */
import http from "node:http";
import https from "node:https";

/** The Agent settings that decide which connections may be shared. */
const CONNECTION_SETTINGS = ["ca", "cert", "key", "pfx", "passphrase", "rejectUnauthorized", "servername", "ciphers", "crl"] as const;

type Settings = Partial<Record<(typeof CONNECTION_SETTINGS)[number], unknown>>;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return false;
}

function settingsOf(agent: http.Agent): Settings {
  const options = (agent as http.Agent & { options?: Settings }).options ?? {};
  const settings: Settings = {};
  for (const key of CONNECTION_SETTINGS) settings[key] = options[key];
  return settings;
}

export class ConnectionPool {
  private current?: { settings: Settings; kind: "http" | "https" | "proxy"; agent: http.Agent };

  /**
   * The agent to use instead of `built` (the one client-node made for this request). The first agent seen for a
   * set of settings is kept; a plain http/https agent is replaced by a keep-alive one with the same options.
   */
  agentFor(built: http.Agent | undefined): http.Agent | undefined {
    if (!built) return undefined;
    const kind = built.constructor === http.Agent ? "http" : built.constructor === https.Agent ? "https" : "proxy";
    const settings = settingsOf(built);
    const current = this.current;
    if (current && current.kind === kind && CONNECTION_SETTINGS.every((key) => sameValue(current.settings[key], settings[key]))) {
      return current.agent;
    }
    current?.agent.destroy();
    const options = { ...(built as http.Agent & { options?: https.AgentOptions }).options, keepAlive: true };
    const agent = kind === "http" ? new http.Agent(options) : kind === "https" ? new https.Agent(options) : built;
    this.current = { settings, kind, agent };
    return agent;
  }

  /** Closes pooled connections; later requests open new ones. */
  close(): void {
    this.current?.agent.destroy();
    this.current = undefined;
  }
}
