// A loopback OpenID Connect provider for the console's sign-in tests (oidc-provider, an ES module, hence its own
// process). Its development login page accepts any login; the account's role and unit come from ACCOUNTS.
// Env: PORT, REDIRECT_URI (the console's /), AUDIENCE. Prints one line "ready <issuer>" when it listens.
import Provider from 'oidc-provider';

const ACCOUNTS = {
  'chu-tich-bac-ninh': { role: 'provincial_chairperson', unit: '24', name: 'Ngô Đức Thắng' },
  'thanh-tra': { role: 'auditor', unit: '24', name: 'Bùi Thanh Hương' },
};

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const audience = process.env.AUDIENCE;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'ntm-console',
      token_endpoint_auth_method: 'none',
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name', 'role', 'unit'] },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  // The API reads who and where from the access token, as a provincial identity provider's mapper would put them.
  async extraTokenClaims(_ctx, token) {
    const account = ACCOUNTS[token.accountId];
    return account ? { role: account.role, unit: account.unit, name: account.name } : undefined;
  },
  // The console's client is first-party: its grant is given without a consent page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(audience, 'api');
    await grant.save();
    return grant;
  },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
