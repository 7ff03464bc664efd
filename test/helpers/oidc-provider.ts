/**
 * A real OpenID provider for tests (panva's oidc-provider) on a free loopback port, with one confidential client
 * and a few accounts whose `groups` claim the test chooses. Sign-in and consent pages are replaced by an
 * interaction handler that signs in whichever account the test named last (`signInAs`) and grants the requested
 * scopes, so a browser or an HTTP client goes through the whole authorization code flow without a form.
 */
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import { freePort } from "./app-server";

export interface TestAccount {
  sub: string;
  preferred_username?: string;
  email?: string;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next interaction signs in. */
  signInAs(sub: string): void;
  stop(): Promise<void>;
}

export async function startTestProvider(options: { redirectUris: string[]; accounts: TestAccount[]; port?: number }): Promise<TestProvider> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "hookline-test";
  const clientSecret = "test-client-secret-that-is-long-enough-for-hs256";
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));
  let next = options.accounts[0]?.sub ?? "";

  const configuration: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ["authorization_code"], response_types: ["code"] }],
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ ...account }) };
    },
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"], groups: ["groups"] },
    scopes: ["openid", "profile", "email", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["hookline-test-cookie-key"] },
    ttl: { Interaction: 300, Session: 300, Grant: 300, AuthorizationCode: 60, AccessToken: 300, IdToken: 300 },
  };
  const provider = new Provider(issuer, configuration);

  const handleInteraction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      await provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = details.session?.accountId ?? next;
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  };

  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      handleInteraction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    void callback(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(sub) {
      if (!accounts.has(sub)) throw new Error(`no test account ${sub}`);
      next = sub;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
