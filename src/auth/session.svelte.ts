import { ManagementApi } from '../api/management-api';
import { ManagementClient, type ApiCredentials } from '../api/client';
import { ApiError } from '../api/problems';
import type { PlanPreset } from '../api/rate-limit';
import { loadHostingConfig, type HostingConfig } from '../config/hosting-config';
import { PastedTokenAuthenticator, checkPastedToken, forgetTabToken, tabToken } from './pasted-token';
import { defaultAudience, isPkceReturn } from './pkce-return';
import { finishPkceRedirect, resumePkceTenant, startPkce, type PkceSignIn } from './pkce-session';
import type { TenantSettings } from './remembered-settings';
import {
  buildSession,
  EXPIRY_WARNING_MS,
  tenantRefusal,
  type Authenticator,
  type Session,
} from './session-model';
import {
  forgetLastMethod,
  lastPkceTenant,
  pastedTokenSettings,
  rememberPlan,
  rememberSignIn,
  signInFormDefaults,
  type Auth0SignInForm,
} from './tenant-memory';
import { readToken, tokenProblemMessage } from './token-claims';

export type { Auth0SignInForm } from './tenant-memory';
export type SessionPhase = 'starting' | 'signed-out' | 'redirecting' | 'signed-in';

/**
 * The signed-in tenant, as one singleton. Components read the getters; every change goes through the verbs
 * (`start`, `signInWithAuth0`, `useToken`, `signOut`, `setPlan`). The token itself stays inside the authenticator.
 */
class SessionState {
  #phase = $state<SessionPhase>('starting');
  #session = $state<Session | null>(null);
  #config = $state<HostingConfig>({});
  #configProblems = $state<string[]>([]);
  #error = $state<string | null>(null);
  #resumable = $state<TenantSettings | null>(null);
  #plan = $state<PlanPreset>('free');
  #now = $state(Date.now());
  #auth: Authenticator | null = null;
  #lastToken: string | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  /** The Management API, paced by the current plan and authorised by the current session. */
  readonly api = new ManagementApi(
    new ManagementClient({ credentials: () => this.#credentials(), plan: () => this.#plan }),
  );

  get phase(): SessionPhase {
    return this.#phase;
  }
  get current(): Session | null {
    return this.#session;
  }
  get config(): HostingConfig {
    return this.#config;
  }
  get configProblems(): readonly string[] {
    return this.#configProblems;
  }
  /** The last sign-in failure, in plain words. */
  get error(): string | null {
    return this.#error;
  }
  /** A PKCE session lost by a reload, offered back as one-click "Sign in again". */
  get resumable(): TenantSettings | null {
    return this.#resumable;
  }
  get plan(): PlanPreset {
    return this.#plan;
  }
  /** Milliseconds until the token ends (negative once expired), or null. Ticks every second. */
  get msLeft(): number | null {
    const expiresAt = this.#session?.expiresAt ?? null;
    return expiresAt === null ? null : expiresAt - this.#now;
  }
  get expired(): boolean {
    const left = this.msLeft;
    return left !== null && left <= 0;
  }
  /** A pasted token ends within 5 minutes (a PKCE token renews itself). */
  get expiringSoon(): boolean {
    const left = this.msLeft;
    return this.#session?.method === 'token' && left !== null && left > 0 && left <= EXPIRY_WARNING_MS;
  }
  /** Prefill for the sign-in form: config presets first, then what was remembered for the last tenant. */
  get formDefaults(): Auth0SignInForm {
    return signInFormDefaults(this.#config);
  }

  /** Loads config.json, then completes a sign-in redirect or restores what the admin chose to keep. */
  async start(): Promise<void> {
    const loaded = await loadHostingConfig();
    this.#config = loaded.config;
    this.#configProblems = loaded.problems;
    this.#plan = loaded.config.plan ?? 'free';
    if (this.#ticker === null) this.#ticker = setInterval(() => (this.#now = Date.now()), 1000);
    try {
      if (isPkceReturn(new URL(location.href))) await this.#completeRedirect();
      else await this.#restore();
    } catch (error) {
      this.#fail(error);
    }
    if (this.#phase === 'starting') this.#phase = 'signed-out';
  }

  /** Leaves for the tenant's login page (PKCE). */
  async signInWithAuth0(form: Auth0SignInForm, returnTo = '#/connection'): Promise<void> {
    this.#error = null;
    const domain = form.domain.trim().replace(/\/+$/, '');
    if (!domain || !form.clientId.trim()) {
      this.#error = 'Enter the tenant domain and the client id of a single-page application.';
      return;
    }
    if (!this.#allowed(domain)) return;
    const audience = form.audience.trim() || defaultAudience(domain);
    const settings = { domain, clientId: form.clientId.trim(), audience, keepSignedIn: form.keepSignedIn };
    rememberSignIn(domain, { ...settings, apiBaseUrl: form.apiBaseUrl.trim(), plan: this.#plan }, 'pkce');
    this.#phase = 'redirecting';
    try {
      await startPkce(settings, returnTo);
    } catch (error) {
      this.#phase = 'signed-out';
      this.#fail(error);
    }
  }

  /** Signs in with a pasted Management API token. Returns false (and sets `error`) when it cannot be used. */
  useToken(raw: string, options: { keepForTab: boolean; apiBaseUrl?: string }): boolean {
    const check = checkPastedToken(raw, this.#config.allowedTenants);
    this.#error = check.ok ? null : check.message;
    if (!check.ok) return false;
    const { claims, token } = check;
    const apiBaseUrl = options.apiBaseUrl?.trim() || this.#config.apiBaseUrl;
    const settings = pastedTokenSettings(claims.tenantDomain, apiBaseUrl ?? '', this.#plan);
    // The plan chosen for this tenant before paces its requests again (see pastedTokenSettings).
    this.#plan = settings.plan;
    const keeping = options.keepForTab ? 'tab' : 'memory';
    this.#adopt(
      new PastedTokenAuthenticator(token, claims.expiresAt, options.keepForTab),
      token,
      apiBaseUrl,
      keeping,
    );
    rememberSignIn(claims.tenantDomain, settings, 'token');
    return true;
  }

  /** Forgets every token (memory, this tab's copy, spa-js's cache); remembered non-secret settings stay. */
  async signOut(): Promise<void> {
    const auth = this.#auth;
    this.#auth = null;
    this.#lastToken = null;
    this.#session = null;
    this.#resumable = null;
    this.#error = null;
    this.#phase = 'signed-out';
    forgetTabToken();
    forgetLastMethod();
    await auth?.signOut();
  }

  /** Chooses the rate-limit preset used to pace requests; remembered for the tenant. */
  setPlan(plan: PlanPreset): void {
    this.#plan = plan;
    rememberPlan(this.#session?.tenantDomain, plan);
  }

  async #completeRedirect(): Promise<void> {
    const signIn = await finishPkceRedirect();
    if (signIn.plan) this.#plan = signIn.plan;
    this.#adoptPkce(signIn);
  }

  async #restore(): Promise<void> {
    const pasted = tabToken();
    if (pasted && this.useToken(pasted, { keepForTab: true })) return;
    this.#error = null;
    const last = lastPkceTenant();
    if (!last) return;
    this.#plan = last.plan;
    const signIn = await resumePkceTenant(last);
    if (signIn) this.#adoptPkce(signIn);
    else this.#resumable = last;
  }

  #adoptPkce(signIn: PkceSignIn): void {
    const apiBaseUrl = signIn.apiBaseUrl ?? this.#config.apiBaseUrl;
    this.#adopt(signIn.authenticator, signIn.token, apiBaseUrl, signIn.keeping);
  }

  #adopt(
    auth: Authenticator,
    token: string,
    apiBaseUrl: string | undefined,
    keeping: Session['keeping'],
  ): void {
    const reading = readToken(token);
    if (!reading.ok) throw new Error(tokenProblemMessage(reading.problem));
    this.#auth = auth;
    this.#lastToken = token;
    this.#session = buildSession(reading.claims, auth.method, keeping, apiBaseUrl);
    this.#resumable = null;
    this.#phase = 'signed-in';
    this.#now = Date.now();
  }

  async #credentials(): Promise<ApiCredentials> {
    const auth = this.#auth;
    const current = this.#session;
    if (!auth || !current) throw new ApiError({ kind: 'NotSignedIn' });
    const accessToken = await auth.accessToken();
    if (accessToken !== this.#lastToken) {
      // Renewed by spa-js: keep expiry and scopes in step with the token actually sent.
      const reading = readToken(accessToken);
      if (reading.ok)
        this.#session = buildSession(reading.claims, auth.method, current.keeping, current.apiBaseUrl);
      this.#lastToken = accessToken;
    }
    return { apiBaseUrl: current.apiBaseUrl, accessToken };
  }

  #allowed(domain: string): boolean {
    this.#error = tenantRefusal(domain, this.#config.allowedTenants);
    return this.#error === null;
  }

  #fail(error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.#error = `Sign-in failed: ${detail}`;
  }
}

/** The one session of this page. */
export const session = new SessionState();
