import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { unitRegistry } from '@app/domain';
import { APP_CONFIG, CurrentPrincipal, mintToken, ProblemException, Public, type AppConfig, type Principal } from '@app/platform';
import { OidcProvider } from './oidc-provider';
import { DemoTokenDto, OidcCodeDto } from './sign-in.dto';

const DEMO_TOKEN_SECONDS = 8 * 3600;
const PROVINCIAL_ROLES = new Set(['verifying_officer', 'coordination_office', 'council_member', 'council_chair', 'provincial_chairperson']);

/** How the console signs people in: the demo page (embedded default) or the configured identity provider. */
@ApiTags('sign-in')
@Controller('auth')
export class SignInController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcProvider,
  ) {}

  /** Demo tokens are HS256; with a JWKS configured the API would refuse them, so the demo page is then off too. */
  private get demoSignIn(): boolean {
    return this.config.DEMO_SIGN_IN === 'true' && !this.config.JWT_JWKS_URL;
  }

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'Which sign-in the console offers: the demo page, the identity provider, or both' })
  async signInConfig() {
    const oidc = this.oidc.configured
      ? await this.oidc.discovery().then(
          (d) => ({ authorizationEndpoint: d.authorization_endpoint, endSessionEndpoint: d.end_session_endpoint ?? null, clientId: this.config.OIDC_CLIENT_ID!, scope: this.config.OIDC_SCOPE, error: null }),
          (err: Error) => ({ authorizationEndpoint: null, endSessionEndpoint: null, clientId: this.config.OIDC_CLIENT_ID!, scope: this.config.OIDC_SCOPE, error: err.message }),
        )
      : null;
    return { appEnv: this.config.APP_ENV, demoSignIn: this.demoSignIn, oidc };
  }

  @Public()
  @Post('demo-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo sign-in: a token for the role and unit picked (only while DEMO_SIGN_IN=true and no JWKS is configured)' })
  demoToken(@Body() b: DemoTokenDto) {
    if (!this.demoSignIn) throw new ProblemException(404, 'AUTH.DEMO_SIGN_IN_DISABLED', 'demo sign-in is turned off on this server; sign in with the identity provider');
    const isCommune = b.unit.length === 5;
    const known = isCommune ? unitRegistry.findCommune(b.unit) : unitRegistry.findProvince(b.unit);
    if (!known) throw new ProblemException(400, 'REQUEST.INVALID', `no unit ${b.unit} in the July 2025 map`, { errors: [{ field: 'unit', rules: ['a province or commune of the July 2025 map'] }] });
    if (b.role === 'commune_officer' && !isCommune) {
      throw new ProblemException(400, 'REQUEST.INVALID', 'a commune officer belongs to a commune', { errors: [{ field: 'unit', rules: ['a commune (5 digits) for a commune officer'] }] });
    }
    if (PROVINCIAL_ROLES.has(b.role) && isCommune) {
      throw new ProblemException(400, 'REQUEST.INVALID', `${b.role} belongs to a province`, { errors: [{ field: 'unit', rules: ['a province (2 digits) for this role'] }] });
    }
    const principal: Principal = { id: b.sub ?? `${b.role}-${b.unit}`, role: b.role, unit: b.unit, name: b.name };
    const accessToken = mintToken(principal, this.config.JWT_SECRET, { expiresInSeconds: DEMO_TOKEN_SECONDS, issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE });
    return { accessToken, expiresIn: DEMO_TOKEN_SECONDS };
  }

  @Public()
  @Post('oidc/token')
  @HttpCode(200)
  @ApiOperation({ summary: "Completes the identity provider's sign-in: exchanges the authorisation code and PKCE verifier for tokens" })
  async oidcToken(@Body() b: OidcCodeDto) {
    if (!this.oidc.configured) throw new ProblemException(404, 'AUTH.OIDC_NOT_CONFIGURED', 'no identity provider is configured (OIDC_ISSUER_URL)');
    return this.oidc.exchange(b.code, b.codeVerifier, b.redirectUri);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'Who the token says the caller is: id, role, unit, name, and the names of the unit and its province' })
  me(@CurrentPrincipal() p: Principal) {
    const commune = p.unit.length === 5 ? unitRegistry.findCommune(p.unit) : undefined;
    const provinceCode = commune ? commune.provinceCode : p.unit.slice(0, 2);
    const province = unitRegistry.findProvince(provinceCode);
    return { id: p.id, role: p.role, unit: p.unit, name: p.name ?? null, unitName: commune?.name ?? province?.name ?? null, provinceCode, provinceName: province?.name ?? null };
  }
}
