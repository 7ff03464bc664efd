/**
 * Single sign-on settings, read from the environment and validated once: OIDC is off unless HOOKLINE_OIDC_ISSUER is
 * set; when it is set, everything else it needs must be there and make sense, or start-up stops with an error that
 * names the variable.
 */
import { z } from "zod";
import type { Role } from "../roles";

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** Absent: a public client, authenticated by PKCE alone. */
  clientSecret?: string;
  /** Absent: `<origin of the request>/api/auth/oidc/callback`. */
  redirectUrl?: URL;
  scopes: string[];
  /** The claim that carries the user's groups (a string or an array of strings). */
  groupsClaim: string;
  adminGroups: string[];
  operatorGroups: string[];
  /** Non-empty: only members of one of these groups (or of an admin/operator group) may sign in. */
  allowedGroups: string[];
  /** Hide the local sign-in form and refuse local passwords. */
  only: boolean;
  /** Plain-HTTP issuers are accepted only on the loopback interface (development and tests). */
  allowInsecureIssuer: boolean;
}

export type OidcEnv = Record<string, string | undefined>;

export class OidcConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OidcConfigError";
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const absoluteUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), `${name} must be an absolute URL`)
    .transform((v) => new URL(v));

const envSchema = z
  .object({
    HOOKLINE_OIDC_ISSUER: absoluteUrl("HOOKLINE_OIDC_ISSUER").refine(
      (u) => u.protocol === "https:" || (u.protocol === "http:" && LOOPBACK.has(u.hostname)),
      "HOOKLINE_OIDC_ISSUER must be an https:// URL (http:// is accepted only for localhost)",
    ),
    HOOKLINE_OIDC_CLIENT_ID: z.string({ error: "HOOKLINE_OIDC_CLIENT_ID is required when HOOKLINE_OIDC_ISSUER is set" }).trim().min(1, "HOOKLINE_OIDC_CLIENT_ID must not be empty"),
    HOOKLINE_OIDC_CLIENT_SECRET: z.string().optional().transform((v) => v || undefined),
    HOOKLINE_OIDC_REDIRECT_URL: absoluteUrl("HOOKLINE_OIDC_REDIRECT_URL")
      .refine((u) => u.protocol === "https:" || u.protocol === "http:", "HOOKLINE_OIDC_REDIRECT_URL must be an http(s) URL")
      .optional(),
    HOOKLINE_OIDC_SCOPES: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim().split(/[\s,]+/) : ["openid", "profile", "email", "groups"]))
      .refine((scopes) => scopes.includes("openid"), "HOOKLINE_OIDC_SCOPES must include openid"),
    HOOKLINE_OIDC_GROUPS_CLAIM: z.string().trim().min(1).optional().default("groups"),
    HOOKLINE_OIDC_ADMIN_GROUPS: list,
    HOOKLINE_OIDC_OPERATOR_GROUPS: list,
    HOOKLINE_OIDC_ALLOWED_GROUPS: list,
    HOOKLINE_OIDC_ONLY: z.enum(["", "0", "1"], { error: "HOOKLINE_OIDC_ONLY must be 1 or 0" }).optional(),
  })
  .refine((env) => !(env.HOOKLINE_OIDC_ADMIN_GROUPS.length === 0 && env.HOOKLINE_OIDC_ONLY === "1"), {
    message: "HOOKLINE_OIDC_ONLY=1 needs HOOKLINE_OIDC_ADMIN_GROUPS, or nobody could ever administer Hookline",
    path: ["HOOKLINE_OIDC_ADMIN_GROUPS"],
  });

/** The OIDC settings, or null when single sign-on is not configured; throws OidcConfigError on bad settings. */
export function parseOidcConfig(env: OidcEnv): OidcConfig | null {
  if (!env.HOOKLINE_OIDC_ISSUER?.trim()) {
    const stray = Object.keys(env).filter((k) => k.startsWith("HOOKLINE_OIDC_") && env[k]);
    if (stray.length) throw new OidcConfigError(`${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set but HOOKLINE_OIDC_ISSUER is not`);
    return null;
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.message.startsWith("HOOKLINE_") ? i.message : `${String(i.path[0] ?? "")}: ${i.message}`));
    throw new OidcConfigError(`single sign-on is misconfigured: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    issuer: e.HOOKLINE_OIDC_ISSUER,
    clientId: e.HOOKLINE_OIDC_CLIENT_ID,
    clientSecret: e.HOOKLINE_OIDC_CLIENT_SECRET,
    redirectUrl: e.HOOKLINE_OIDC_REDIRECT_URL,
    scopes: e.HOOKLINE_OIDC_SCOPES,
    groupsClaim: e.HOOKLINE_OIDC_GROUPS_CLAIM,
    adminGroups: e.HOOKLINE_OIDC_ADMIN_GROUPS,
    operatorGroups: e.HOOKLINE_OIDC_OPERATOR_GROUPS,
    allowedGroups: e.HOOKLINE_OIDC_ALLOWED_GROUPS,
    only: e.HOOKLINE_OIDC_ONLY === "1",
    allowInsecureIssuer: e.HOOKLINE_OIDC_ISSUER.protocol === "http:",
  };
}

let cached: { config: OidcConfig | null } | undefined;

/** The settings of this process (read once from process.env). */
export function oidcConfig(): OidcConfig | null {
  cached ??= { config: parseOidcConfig(process.env) };
  return cached.config;
}

export type ClaimsDecision = { ok: true; role: Role; groups: string[] } | { ok: false; why: string };

/** The groups a claim value names: a string, or an array of strings (anything else counts as none). */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === "string") return claim ? [claim] : [];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string" && g !== "");
  return [];
}

/**
 * The Hookline role of a signed-in identity from its groups claim: admin groups first, then operator groups, else
 * viewer — unless an allow-list is set and the identity is in none of the listed groups, which refuses it.
 */
export function decideRole(config: Pick<OidcConfig, "groupsClaim" | "adminGroups" | "operatorGroups" | "allowedGroups">, claims: Record<string, unknown>): ClaimsDecision {
  const groups = groupsOf(claims[config.groupsClaim]);
  const inAny = (names: string[]) => names.some((g) => groups.includes(g));
  if (inAny(config.adminGroups)) return { ok: true, role: "admin", groups };
  if (inAny(config.operatorGroups)) return { ok: true, role: "operator", groups };
  if (config.allowedGroups.length > 0 && !inAny(config.allowedGroups)) {
    return { ok: false, why: `not in an allowed group (${config.groupsClaim}: ${groups.length ? groups.join(", ") : "none"})` };
  }
  return { ok: true, role: "viewer", groups };
}
