import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindings, envSecretValues, isSecretEnvName, scrub } from '../../src/delegate/scrub';

// Secret-shaped values are assembled at run time, so this file holds no string a secret scanner flags.
const rep = (s: string, n: number) => s.repeat(n);
const SHAPES: [kind: string, value: string][] = [
  ['github-token', `ghp_${rep('aB3', 12)}`],
  ['github-token', `gho_${rep('Zx9', 12)}`],
  ['github-token', `ghs_${rep('Q1w', 12)}`],
  ['github-token', `github_pat_11ABCDEFG0_${rep('x7Y', 20)}`],
  ['gitlab-token', `glpat-${rep('Ab1-', 5)}`],
  ['slack-token', `xoxb-1234-5678-${rep('aZ', 8)}`],
  ['slack-token', `xoxp-1234-5678-${rep('aZ', 8)}`],
  ['openai-key', `sk-${rep('Ab9', 16)}`],
  ['openai-key', `sk-proj-${rep('Ab9_', 10)}`],
  ['stripe-key', `sk_live_${rep('a1B2', 6)}`],
  ['aws-access-key-id', `AKIA${rep('ABCD2345', 2)}`],
  ['aws-access-key-id', `ASIA${rep('WXYZ6789', 2)}`],
  ['google-api-key', `AIza${rep('Sy0_-', 7)}`],
  ['devin-key', `cog_${rep('k3y', 10)}`],
  ['devin-key', `apk_user_${rep('k3y', 10)}`],
  ['npm-token', `npm_${rep('a1B2', 9)}`],
  ['pypi-token', `pypi-AgEIcHlwaS5vcmc${rep('Ab1_', 14)}`],
  ['sendgrid-key', `SG.${rep('ab12', 6)}.${rep('CD34', 10)}`],
  ['jwt', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${rep('sIg4', 8)}`],
];

describe('scrub: token shapes', () => {
  for (const [kind, value] of SHAPES) {
    it(`${kind}: ${value.slice(0, 12)}…`, () => {
      for (const text of [value, `token ${value} here`, `"${value}"`, `x=${value}\n`, `(${value})`]) {
        const r = scrub(text);
        assert.ok(!r.text.includes(value), `${text} → ${r.text}`);
        assert.ok(r.text.includes('[REDACTED:'), r.text);
        assert.ok(r.count >= 1);
      }
      const alone = scrub(`see ${value} now`);
      assert.equal(alone.text, `see [REDACTED:${kind}] now`);
      assert.deepEqual(alone.found, { [kind]: 1 });
    });
  }
  it('a Slack webhook URL', () => {
    const url = `https://hooks.slack.com/services/T000/B000/${rep('XyZ1', 6)}`;
    assert.equal(scrub(`curl ${url}`).text, 'curl [REDACTED:slack-webhook]');
  });
  it('leaves look-alikes that are too short or are words alone', () => {
    for (const text of ['ghp_short', 'sk-1', 'the task-runner', 'AKIA123', 'cog_x', 'skip-navigation-links-here', 'eyJ.eyJ.x', 'glpat-abc']) {
      assert.equal(scrub(text).text, text, text);
    }
  });
});

describe('scrub: our API key and the environment', () => {
  it('removes the given key everywhere, even without a known shape', () => {
    const key = 'Zq8!opaque-key-value';
    const r = scrub(`a ${key} b ${key}`, { keys: [key, undefined, ''] });
    assert.equal(r.text, 'a [REDACTED:api-key] b [REDACTED:api-key]');
    assert.equal(r.found['api-key'], 2);
  });
  it('ignores keys shorter than 4 characters', () => {
    assert.equal(scrub('abc abc', { keys: ['abc'] }).text, 'abc abc');
  });
  it('removes values of env vars with secret-looking names, and only those', () => {
    const env = {
      DATABASE_PASSWORD: 'hunter2hunter2',
      MY_SERVICE_TOKEN: 'tok-9f8e7d6c5b',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY',
      DEPLOY_KEY: 'deploy-key-value-1',
      SHORT_TOKEN: 'abc',
      HOME: '/home/someone',
      PWD: '/home/someone/project',
      OLDPWD: '/home/someone',
      GIT_ASKPASS: '/opt/askpass.sh',
      TOKEN_FILE: '/run/secrets/token',
      EDITOR: 'vim-editor-thing',
    };
    assert.ok(isSecretEnvName('GITHUB_TOKEN'));
    assert.ok(isSecretEnvName('npm_config__auth'));
    assert.ok(!isSecretEnvName('PWD'));
    assert.ok(!isSecretEnvName('VSCODE_GIT_ASKPASS_MAIN'));
    assert.ok(!isSecretEnvName('PATH'));
    const values = envSecretValues(env);
    assert.deepEqual(new Set(values), new Set(['hunter2hunter2', 'tok-9f8e7d6c5b', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY', 'deploy-key-value-1']));
    const text = 'connect hunter2hunter2 with tok-9f8e7d6c5b in /home/someone/project using vim-editor-thing and abc; deploy-key-value-1';
    const r = scrub(text, { env });
    assert.equal(r.text, 'connect [REDACTED:env] with [REDACTED:env] in /home/someone/project using vim-editor-thing and abc; [REDACTED:env]');
    assert.equal(r.found.env, 3);
  });
  it('longer env values go first, so a value inside another leaves no tail behind', () => {
    const env = { A_TOKEN: 'abcdefgh', B_TOKEN: 'abcdefgh-and-more' };
    assert.equal(scrub('x abcdefgh-and-more y', { env }).text, 'x [REDACTED:env] y');
  });
});

describe('scrub: headers, assignments, keys, URLs', () => {
  it('Authorization and similar headers, in dumps and curl', () => {
    assert.equal(scrub('Authorization: Bearer abc.def.ghi').text, 'Authorization: [REDACTED:auth-header]');
    assert.equal(scrub('> authorization: token 1234567890abcdef\n> Accept: */*').text, '> authorization: [REDACTED:auth-header]\n> Accept: */*');
    assert.equal(scrub(`curl -H "Authorization: Basic dXNlcjpwYXNz" https://x`).text, 'curl -H "Authorization: [REDACTED:auth-header]" https://x');
    assert.equal(scrub('Cookie: session=abcdef123456; other=1').text, 'Cookie: [REDACTED:auth-header]');
    assert.equal(scrub('X-Api-Key: 0123456789').text, 'X-Api-Key: [REDACTED:auth-header]');
    assert.equal(scrub('Proxy-Authorization: Negotiate YII').text, 'Proxy-Authorization: [REDACTED:auth-header]');
  });
  it('bearer credentials outside a header', () => {
    assert.equal(scrub('headers = { auth: `Bearer abcdefghijklmnop` }').text.includes('abcdefghijklmnop'), false);
    assert.equal(scrub('use Bearer tokens for this').text, 'use Bearer tokens for this');
  });
  it('password=, secret:, "api_key": in env files, shells, JSON, YAML and code', () => {
    const cases: [string, string][] = [
      ['DB_PASSWORD=s3cr3t-value', 'DB_PASSWORD=[REDACTED:assignment]'],
      ['export API_KEY=abcdef123', 'export API_KEY=[REDACTED:assignment]'],
      ['mysql --password=hunter22 -u root', 'mysql --password=[REDACTED:assignment] -u root'],
      ['https://x.test/cb?token=abc123def&next=1', 'https://x.test/cb?token=[REDACTED:assignment]&next=1'],
      ['{"client_secret": "abc123xyz", "name": "app"}', '{"client_secret": "[REDACTED:assignment]", "name": "app"}'],
      ["password: 'hunter22'", "password: '[REDACTED:assignment]'"],
      ['  secret: plainvalue123', '  secret: [REDACTED:assignment]'],
      ['const password = "hunter22";', 'const password = "[REDACTED:assignment]";'],
      ["apiKey := 'k-123456'", "apiKey := '[REDACTED:assignment]'"],
      ["'secret' => 'abc123'", "'secret' => '[REDACTED:assignment]'"],
      ['password=secret', 'password=[REDACTED:assignment]'],
    ];
    for (const [input, expected] of cases) assert.equal(scrub(input).text, expected, input);
  });
  it('leaves code, types, placeholders and references alone', () => {
    for (const text of [
      'password: string;',
      '  password: string',
      'token: Token | undefined,',
      'const token = getToken();',
      'if (password === confirm) {}',
      'password=${DB_PASSWORD}',
      'token: ${{ secrets.GITHUB_TOKEN }}',
      'PASSWORD=',
      'password: ""',
      'secret: "***"',
      "api_key: '<your key>'",
      'max_tokens: 100',
      'const token = process.env.TOKEN;',
      'token=process.env.TOKEN',
      'password == other',
      'PWD=/home/me/project',
    ]) {
      assert.equal(scrub(text).text, text, text);
    }
  });
  it('PEM private key blocks, whole or cut', () => {
    const body = `${rep('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 3)}\n${rep('abcd', 16)}`;
    for (const type of ['', 'RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ']) {
      const pem = `-----BEGIN ${type}PRIVATE KEY-----\n${body}\n-----END ${type}PRIVATE KEY-----`;
      const r = scrub(`key:\n${pem}\nafter`);
      assert.equal(r.text, 'key:\n[REDACTED:private-key]\nafter', type);
    }
    const cut = scrub(`start\n-----BEGIN RSA PRIVATE KEY-----\n${body}`);
    assert.equal(cut.text, 'start\n[REDACTED:private-key]');
    // A public key or certificate stays.
    const pub = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';
    assert.equal(scrub(pub).text, pub);
  });
  it('credentials in URLs keep the user and the host', () => {
    assert.equal(scrub('git clone https://me:s3cret@github.com/o/r.git').text, 'git clone https://me:[REDACTED:url-credentials]@github.com/o/r.git');
    assert.equal(scrub('postgres://app:pa55word@db:5432/x').text, 'postgres://app:[REDACTED:url-credentials]@db:5432/x');
    assert.equal(scrub('https://github.com/o/r and user@host').text, 'https://github.com/o/r and user@host');
  });
  it('is idempotent and counts each replacement once', () => {
    const text = `Authorization: Bearer ${rep('z', 20)}\npassword=hunter22\nghp_${rep('aB3', 12)}\nhttps://u:p4ss@h.test`;
    const once = scrub(text);
    const twice = scrub(once.text);
    assert.equal(twice.text, once.text);
    assert.equal(twice.count, 0);
    assert.equal(once.count, 4);
    assert.equal(describeFindings({ assignment: 2, jwt: 1 }), 'assignment ×2, jwt');
    assert.equal(describeFindings({}), '');
  });
  it('text without secrets comes back unchanged, in any language', () => {
    const samples = [
      'fn main() { let x: u32 = 5; println!("{}", x); }',
      'def token_count(text: str) -> int:\n    return len(text.split())',
      'SELECT password_hash FROM users WHERE id = $1;',
      '<input type="password" name="password">',
      'func (s *Server) Auth(ctx context.Context) error { return nil }',
      'const secretLength = 32;',
      'Ünïcödé 🚀 text — with dashes',
    ];
    for (const s of samples) assert.equal(scrub(s).text, s, s);
  });
});

describe('scrub: cost grows linearly with the text', () => {
  // Each input made one pattern retry from every position (quadratic): 20,000 characters took
  // about 5 s, so these 200,000-character inputs would take minutes and hit the timeout. Linear
  // patterns take well under a second. The timeout is a guard against hanging, not a benchmark.
  const inputs = {
    'one long word': 'a'.repeat(200_000),
    'dotted words (minified code)': 'a.'.repeat(100_000),
    'dashed words': 'a-'.repeat(100_000),
    'scheme-like words': 'a+b.'.repeat(50_000),
    'underscored words': '_a'.repeat(100_000),
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(`${name}: finishes and changes nothing`, { timeout: 60_000 }, () => {
      const r = scrub(text);
      assert.equal(r.count, 0);
      assert.equal(r.text, text);
    });
  }
  it('a long identifier before a secret value is still not a way around the assignment rule', () => {
    const r = scrub(`x = 1; db_password = "hunter2hunter2"`);
    assert.equal(r.text.includes('hunter2'), false);
  });
});
