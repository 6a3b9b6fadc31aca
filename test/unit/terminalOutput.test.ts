// recoverLastCommandOutput: VS Code's "Copy Last Command and Output" through the clipboard, when
// the shell-integration stream lost a command's output. A scripted clipboard and terminal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COPY_COMMAND_AND_OUTPUT, recoverLastCommandOutput } from '../../src/delegate/terminalOutput';

const SENTINEL = 'devin-output-probe-test';

/** A clipboard with a history of writes, and a terminal whose copy command writes `copies`. */
function scripted(initial: string, copies: string | undefined, opts: { readFails?: boolean; commandFails?: boolean; writeFails?: boolean } = {}) {
  const state = { text: initial, writes: [] as string[], commands: [] as string[] };
  const clipboard = {
    readText: async () => {
      if (opts.readFails) throw new Error('no permission');
      return state.text;
    },
    writeText: async (v: string) => {
      if (opts.writeFails) throw new Error('no permission');
      state.writes.push(v);
      state.text = v;
    },
  };
  const executeCommand = async (id: string) => {
    state.commands.push(id);
    if (opts.commandFails) throw new Error(`command '${id}' not found`);
    if (copies !== undefined) state.text = copies;
  };
  return { state, deps: { clipboard, executeCommand, sentinel: SENTINEL } };
}

describe('recovering a lost terminal output', () => {
  it('returns the output VS Code copies for the same command, and puts the user\'s clipboard back', async () => {
    const { state, deps } = scripted('my clipboard', "ls /nonexistent\nls: cannot access '/nonexistent': No such file or directory\n");
    const out = await recoverLastCommandOutput('ls /nonexistent', deps);
    assert.equal(out, "ls: cannot access '/nonexistent': No such file or directory\n");
    assert.deepEqual(state.commands, [COPY_COMMAND_AND_OUTPUT]);
    assert.equal(state.text, 'my clipboard', 'the clipboard is restored');
    assert.deepEqual(state.writes, [SENTINEL, 'my clipboard']);
  });

  it('handles Windows line ends and a command line with surrounding blanks', async () => {
    const { deps } = scripted('x', 'npm test\r\nline 1\r\nline 2');
    assert.equal(await recoverLastCommandOutput('  npm test ', deps), 'line 1\nline 2');
  });

  it('nothing copied (the command printed nothing): empty output, clipboard restored', async () => {
    const { state, deps } = scripted('keep me', undefined);
    assert.equal(await recoverLastCommandOutput('true', deps), '');
    assert.equal(state.text, 'keep me');
  });

  it('the terminal\'s last command is another one: unknown, clipboard restored', async () => {
    const { state, deps } = scripted('keep me', 'echo later\nlater\n');
    assert.equal(await recoverLastCommandOutput('ls /nonexistent', deps), undefined);
    assert.equal(state.text, 'keep me');
  });

  it('a command line that is only a prefix of the copied one is not taken for it', async () => {
    const { deps } = scripted('keep me', 'ls /nonexistent-too\nout\n');
    assert.equal(await recoverLastCommandOutput('ls /nonexistent', deps), undefined);
  });

  it('an empty clipboard (it may hold an image or files) is never touched', async () => {
    const { state, deps } = scripted('', 'ls\nout\n');
    assert.equal(await recoverLastCommandOutput('ls', deps), undefined);
    assert.deepEqual(state.writes, []);
    assert.deepEqual(state.commands, []);
  });

  it('an unreadable clipboard: unknown, nothing run', async () => {
    const { state, deps } = scripted('x', 'ls\nout\n', { readFails: true });
    assert.equal(await recoverLastCommandOutput('ls', deps), undefined);
    assert.deepEqual(state.commands, []);
  });

  it('the copy command is missing (an older or other editor): unknown, clipboard restored', async () => {
    const { state, deps } = scripted('keep me', 'ls\nout\n', { commandFails: true });
    assert.equal(await recoverLastCommandOutput('ls', deps), undefined);
    assert.equal(state.text, 'keep me');
  });

  it('an unwritable clipboard: unknown, and nothing throws', async () => {
    const { deps } = scripted('keep me', 'ls\nout\n', { writeFails: true });
    assert.equal(await recoverLastCommandOutput('ls', deps), undefined);
  });
});
