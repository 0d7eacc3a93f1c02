import { describe, expect, it } from 'vitest';
import { loadHostingConfig, validateHostingConfig } from './hosting-config';

describe('validateHostingConfig', () => {
  it('accepts every documented key and ignores comment keys', () => {
    const { config, problems } = validateHostingConfig({
      '//': 'comment',
      domain: 'acme.eu.auth0.com',
      clientId: 'AbC_123-x',
      audience: 'https://acme.eu.auth0.com/api/v2/',
      apiBaseUrl: 'http://127.0.0.1:4500/api/v2/',
      allowedTenants: ['acme.eu.auth0.com'],
      plan: 'essentials',
    });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      domain: 'acme.eu.auth0.com',
      plan: 'essentials',
      allowedTenants: ['acme.eu.auth0.com'],
    });
  });

  it('names each bad key and how to fix it, keeping the good ones', () => {
    const { config, problems } = validateHostingConfig({
      domain: 'acme.auth0.com',
      plan: 'gold',
      clientid: 'x',
    });
    expect(config).toEqual({ domain: 'acme.auth0.com' });
    expect(problems).toEqual([
      'config.json: "plan" must be one of free, essentials, professional, enterprise.',
      expect.stringMatching(/Unknown key "clientid" \(known keys: domain, clientId/),
    ]);
  });

  it('fails closed on a broken allow-list and treats an empty one as none', () => {
    expect(validateHostingConfig({ allowedTenants: 'acme.auth0.com' }).config.allowedTenants).toEqual([]);
    expect(validateHostingConfig({ allowedTenants: [] }).config.allowedTenants).toBeUndefined();
  });
});

describe('loadHostingConfig', () => {
  const serve = (response: Response) => async () => response;
  it('fetches ./config.json relatively, so a sub-path works', async () => {
    let asked = '';
    await loadHostingConfig(async (input) => {
      asked = String(input);
      return new Response('{}');
    });
    expect(asked).toBe('./config.json');
  });

  it('treats a missing file as no presets and reports invalid JSON', async () => {
    expect(await loadHostingConfig(serve(new Response('', { status: 404 })))).toEqual({
      config: {},
      problems: [],
    });
    const broken = await loadHostingConfig(serve(new Response('{"domain": }')));
    expect(broken.problems[0]).toMatch(/^config.json is not valid JSON/);
  });
});
