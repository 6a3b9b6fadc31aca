// The pure modules (session model, API errors, input checks) speak through @vscode/l10n, which the
// core configures (src/util/l10n.ts) with VS Code's bundle for the display language (and the webview with the bundle
// the host sends). Configured with a bundle, their words come out translated; unconfigured, English.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DevinApiError } from '../../src/api/errors';
import { validateApiKeyInput } from '../../src/commands/prompt';
import { describeStatus, formatAcus, relativeTime, sessionTitle } from '../../src/sessions/model';
import { configure } from '../../src/util/l10n';
import { setLocale } from '../../src/util/intl';

const NOW = 1_800_000_000_000;

describe('translation of the pure modules', () => {
  after(() => {
    configure(undefined);
    setLocale(undefined);
  });

  it('uses English without a bundle', () => {
    configure(undefined);
    assert.equal(describeStatus({ status: 'running', status_detail: 'waiting_for_user' }), 'Waiting for your reply');
    assert.equal(relativeTime(NOW / 1000 - 300, NOW), '5 minutes ago');
    assert.equal(formatAcus(2.5), '2.5 ACUs');
    assert.equal(formatAcus(1), '1 ACU');
  });

  it('uses the configured bundle for statuses, times, ACUs, titles, errors and input checks', () => {
    configure({
        'Waiting for your reply': 'Attend votre réponse',
        Running: 'En cours',
        '{0} ({1})': '{0} — {1}',
        '{0} ACUs': '{0} ACU',
        'Session {0}': 'Session {0} (sans titre)',
        'list sessions': 'lister les sessions',
        'The Devin API had a server error{0} (HTTP {1}). It is usually temporary.': "Erreur du serveur de l'API Devin{0} (HTTP {1}). C'est en général passager.",
        'Paste your Devin API key.': "Collez votre clé d'API Devin.",
    });
    setLocale('fr');
    assert.equal(describeStatus({ status: 'running', status_detail: 'waiting_for_user' }), 'Attend votre réponse');
    assert.equal(describeStatus({ status: 'running', status_detail: 'brand_new_detail' }), 'En cours — brand_new_detail', 'unknown details still show, in the translated frame');
    assert.equal(relativeTime(NOW / 1000 - 300, NOW), 'il y a 5 minutes', 'Intl in the display language');
    assert.equal(formatAcus(2.5), '2,5 ACU', 'the bundle\'s words around an Intl number');
    assert.equal(sessionTitle({ title: null, session_id: 'devin-abcdef1234' }), 'Session abcdef12 (sans titre)');
    assert.equal(new DevinApiError({ kind: 'server', status: 502, operation: 'list sessions' }).message, "Erreur du serveur de l'API Devin (lister les sessions) (HTTP 502). C'est en général passager.");
    assert.equal(validateApiKeyInput(''), "Collez votre clé d'API Devin.");
  });

  it('never takes an inherited property for a word', () => {
    configure(undefined);
    assert.equal(describeStatus({ status: 'constructor', status_detail: null }), 'constructor');
    assert.equal(describeStatus({ status: 'running', status_detail: 'toString' }), 'Running (toString)');
  });
});
